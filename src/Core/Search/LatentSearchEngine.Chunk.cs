using System.Diagnostics;
using Orleans.Lse.Core.Determinism;
using Orleans.Lse.Core.Devices;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Search;

public sealed partial class LatentSearchEngine
{
    /// <summary>One batch of searches: the first phase (descent until success or stop) and the optional refinement.</summary>
    private sealed partial class ChunkRun(
        LatentSearchEngine engine,
        Tensor images,
        IReadOnlyList<SearchItem> items,
        int start,
        int count,
        SearchOptions options,
        SearchResult[] results,
        SearchPhaseTimes phases,
        CancellationToken cancellationToken)
    {
        // Finished rows are removed once at most this share of the batch is live and they have cost a full step's worth of
        // compute since the last removal. Every removal costs a re-plan of the CPU kernels for the new shape, and keeping
        // finished rows costs their compute; removing late (at half) or at every finish were both slower on the
        // reproduction (docs/search-engine.md). The full-step condition keeps short searches, where many rows finish
        // within a few steps, from re-planning at nearly every step.
        private const double CompactBelow = 0.9;
        private const double AdamBeta2 = 0.999;
        private const double AdamEpsilon = 1e-8;
        private readonly int _d = engine.LatentSize;

        // Per-search host state, indexed by local index 0..count-1.
        private readonly int[] _initialPrediction = new int[count];
        private readonly List<float>[] _trajectory = new List<float>[count];
        private readonly int[] _restartsUsed = new int[count];
        private readonly float[][] _successEps = new float[count][];
        private readonly int[] _successSteps = new int[count];

        public long ExampleSteps { get; private set; }

        public long BatchSteps { get; private set; }

        /// <summary>Forward-only evaluations of restart probes.</summary>
        public long ProbeEvaluations { get; private set; }

        private SearchItem Item(int local) => items[start + local];

        public void Run(Action<int> reportFinished)
        {
            long mark = Stopwatch.GetTimestamp();
            using var chunkScope = NewDisposeScope();
            var device = engine._device;
            var rows = new long[count];
            var targets = new long[count];
            for (int i = 0; i < count; i++)
            {
                rows[i] = Item(i).ImageRow;
                targets[i] = Item(i).Target;
                _trajectory[i] = [];
            }

            Tensor x, mu, t;
            using (no_grad())
            {
                x = images.index_select(0, tensor(rows)).to(device);
                mu = engine._latent.EncodeMean(x);
                t = tensor(targets, device: device);
                var initial = engine._classifier.forward(x).argmax(1).to(int64).cpu().data<long>().ToArray();
                for (int i = 0; i < count; i++)
                {
                    _initialPrediction[i] = (int)initial[i];
                }
            }

            phases.Add(SearchPhase.Setup, mark);
            var succeeded = FirstPhase(x, mu, t, reportFinished);
            if (succeeded.Count > 0)
            {
                mark = Stopwatch.GetTimestamp();
                Refine(x, mu, t, succeeded, reportFinished);
                phases.Add(SearchPhase.Refine, mark);
            }
        }

        /// <summary>
        /// Descent from eps = 0 until each search succeeds, stops or spends its budget. Returns the local indices that
        /// succeeded. Finished searches are masked out at once and physically removed when at most 90 % of the rows are
        /// live and they have cost a step's compute, so the batch shape changes only O(log B) times (each new shape costs
        /// the CPU kernels a re-plan).
        /// </summary>
        private List<int> FirstPhase(Tensor x, Tensor mu, Tensor t, Action<int> reportFinished)
        {
            var device = engine._device;
            var rows = Enumerable.Range(0, count).ToArray(); // row -> local index, -1 once finished
            int live = count;
            long deadRowSteps = 0; // finished rows carried in the tensor, summed over the steps since the last removal
            var bestLoss = Enumerable.Repeat(float.PositiveInfinity, count).ToArray();
            var sinceImproved = new int[count];
            var anchor = new float[count * _d]; // eps where the current no-progress window started
            var wander = new float[count];      // farthest eps has moved from the anchor in this window
            bool needStationary = options.StationaryTolerance > 0;
            var succeeded = new List<int>();
            bool watchStuck = options.StopRules || options.Restarts > 0;
            // Progress is judged per unit of step length: a batch mean over N takes N times shorter steps.
            double plateauTolerance = options.PlateauTolerance / options.LossMeanOver;
            float radius = (float)options.RadiusFor(_d);
            int k = options.TrajectoryEvery;

            var xA = x;
            var muA = mu;
            var tA = t;
            var eps = zeros(count, _d, device: device);
            var m1 = zeros(count, _d, device: device);
            var m2 = zeros(count, _d, device: device);
            var adamSteps = zeros(count, 1, device: device);
            var liveMask = ones(count, device: device);
            long mark = Stopwatch.GetTimestamp();
            Tensor gzA;
            using (no_grad())
            {
                gzA = engine._latent.Decode(muA);
            }

            mark = phases.Add(SearchPhase.Setup, mark);
            using var threads = new StepThreads(device);
            for (int step = 0; live > 0; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // The previous step's scope was disposed on the way here.
                mark = phases.Add(SearchPhase.Release, mark);
                using var stepScope = NewDisposeScope();
                int rowCount = rows.Length;
                threads.For(rowCount);
                bool budgetSpent = step >= options.MaxSteps;
                var (ce, hit, gradient, logits, xp) = Evaluate(xA, muA, gzA, tA, eps, liveMask, needGradient: !budgetSpent);
                mark = phases.Add(SearchPhase.Evaluate, mark);
                Tensor newEps = eps, newM1 = m1, newM2 = m2, newAdamSteps = adamSteps;
                float[] host;
                float[]? epsNext = null;
                if (!budgetSpent)
                {
                    var grad = gradient!;
                    (newEps, newM1, newM2, newAdamSteps) = Update(eps, grad, m1, m2, adamSteps);
                    newEps = Constrain(eps, newEps, muA, radius);
                    mark = phases.Add(SearchPhase.Update, mark);
                    // One host transfer per step: hit, and where the stopping rules or restarts watch them, the loss, gradient
                    // norm and next latent norm of every row.
                    host = watchStuck
                        ? stack([hit.to_type(float32), ce.detach(), grad.Square().sum(1).sqrt(), (muA + newEps).Square().sum(1).sqrt()]).cpu().data<float>().ToArray()
                        : hit.to_type(float32).cpu().data<float>().ToArray();
                    epsNext = watchStuck && needStationary ? newEps.cpu().data<float>().ToArray() : null;
                }
                else
                {
                    host = hit.to_type(float32).cpu().data<float>().ToArray();
                }

                mark = phases.Add(SearchPhase.Sync, mark);
                ExampleSteps += live;
                BatchSteps++;
                if (k > 0 && step % k == 0)
                {
                    var epsHost = eps.cpu().data<float>().ToArray();
                    for (int p = 0; p < rowCount; p++)
                    {
                        if (rows[p] >= 0)
                        {
                            _trajectory[rows[p]].AddRange(epsHost.AsSpan(p * _d, _d).ToArray());
                        }
                    }
                }

                var finished = new List<int>();
                var finishedReasons = new List<StopReason>();
                var restartRows = new List<(int Position, int Local, int Restart)>();
                for (int p = 0; p < rowCount; p++)
                {
                    int local = rows[p];
                    if (local < 0)
                    {
                        continue;
                    }

                    if (host[p] > 0.5f)
                    {
                        finished.Add(p);
                        finishedReasons.Add(StopReason.Success);
                        continue;
                    }

                    if (budgetSpent)
                    {
                        finished.Add(p);
                        finishedReasons.Add(StopReason.Budget);
                        continue;
                    }

                    if (!watchStuck)
                    {
                        continue;
                    }

                    float loss = host[rowCount + p], gradNorm = host[(2 * rowCount) + p], latentNorm = host[(3 * rowCount) + p];
                    if (loss < bestLoss[local] * (1 - plateauTolerance))
                    {
                        bestLoss[local] = loss;
                        sinceImproved[local] = 0;
                    }
                    else
                    {
                        sinceImproved[local]++;
                    }

                    if (epsNext is not null)
                    {
                        // A plateau must also be a rest: plain GD that bounces around without improving can still land
                        // on the target later, so only a search whose eps stayed put through the window is stuck.
                        if (sinceImproved[local] == 0)
                        {
                            Array.Copy(epsNext, p * _d, anchor, local * _d, _d);
                            wander[local] = 0;
                        }
                        else
                        {
                            double moved = 0;
                            for (int j = 0; j < _d; j++)
                            {
                                double diff = epsNext[(p * _d) + j] - anchor[(local * _d) + j];
                                moved += diff * diff;
                            }

                            wander[local] = Math.Max(wander[local], (float)Math.Sqrt(moved));
                            if (sinceImproved[local] >= options.PlateauWindow && wander[local] > options.StationaryTolerance)
                            {
                                // It moved: start a new window from here.
                                Array.Copy(epsNext, p * _d, anchor, local * _d, _d);
                                wander[local] = 0;
                                sinceImproved[local] = 1;
                            }
                        }
                    }

                    StopReason? stuck =
                        // Just outside the region a search can still come back, so there it stops only on a plateau; far out
                        // (twice the radius) the decoder's output is meaningless and it stops at once.
                        !float.IsFinite(latentNorm) || latentNorm > 2 * radius ? StopReason.LeftDataRegion :
                        gradNorm < options.GradientFloor ? StopReason.VanishingGradient :
                        sinceImproved[local] >= options.PlateauWindow ? (latentNorm > radius ? StopReason.LeftDataRegion : StopReason.Plateau) :
                        null;
                    if (stuck is null)
                    {
                        continue;
                    }

                    if (_restartsUsed[local] < options.Restarts)
                    {
                        restartRows.Add((p, local, _restartsUsed[local]));
                        _restartsUsed[local]++;
                        bestLoss[local] = float.PositiveInfinity;
                        sinceImproved[local] = 0;
                    }
                    else if (options.StopRules)
                    {
                        finished.Add(p);
                        finishedReasons.Add(stuck.Value);
                    }
                }

                if (restartRows.Count > 0)
                {
                    var starts = ChooseRestartStarts(restartRows, xA, muA, gzA, tA, radius);
                    (newEps, newM1, newM2, newAdamSteps) = ApplyRestarts(starts, rowCount, newEps, newM1, newM2, newAdamSteps, muA, radius);
                }

                mark = phases.Add(SearchPhase.Decide, mark);
                if (finished.Count > 0)
                {
                    Record(finished, finishedReasons, rows, step, eps, logits, xp, xA, muA, succeeded);
                    foreach (int p in finished)
                    {
                        rows[p] = -1;
                    }

                    live -= finished.Count;
                    // Successes that go on to refinement are reported when it ends.
                    reportFinished(options.RefineSteps == 0 ? finished.Count : finishedReasons.Count(r => r != StopReason.Success));
                }

                // Keep the next step's state alive past this step's scope.
                newEps = newEps.detach().MoveToOuterDisposeScope();
                newM1 = newM1.MoveToOuterDisposeScope();
                newM2 = newM2.MoveToOuterDisposeScope();
                newAdamSteps = newAdamSteps.MoveToOuterDisposeScope();
                mark = phases.Add(SearchPhase.Record, mark);
                deadRowSteps += rowCount - live;
                bool compact = live > 0 && live <= rowCount * CompactBelow && deadRowSteps >= rowCount;
                if (compact)
                {
                    deadRowSteps = 0;
                    var keep = Enumerable.Range(0, rowCount).Where(p => rows[p] >= 0).ToArray();
                    var keepIdx = tensor(keep.Select(p => (long)p).ToArray(), device: device);
                    rows = keep.Select(p => rows[p]).ToArray();
                    xA = xA.index_select(0, keepIdx).MoveToOuterDisposeScope();
                    muA = muA.index_select(0, keepIdx).MoveToOuterDisposeScope();
                    tA = tA.index_select(0, keepIdx).MoveToOuterDisposeScope();
                    newEps = newEps.index_select(0, keepIdx).MoveToOuterDisposeScope();
                    newM1 = newM1.index_select(0, keepIdx).MoveToOuterDisposeScope();
                    newM2 = newM2.index_select(0, keepIdx).MoveToOuterDisposeScope();
                    newAdamSteps = newAdamSteps.index_select(0, keepIdx).MoveToOuterDisposeScope();
                    using (no_grad())
                    {
                        // Recomputed for the new batch shape so that g(z + 0) and g(z) come from identical kernels.
                        gzA = engine._latent.Decode(muA).MoveToOuterDisposeScope();
                    }
                }

                if ((finished.Count > 0 || compact) && live > 0)
                {
                    liveMask = tensor(rows.Select(l => l >= 0 ? 1f : 0f).ToArray(), device: device).MoveToOuterDisposeScope();
                }

                eps = newEps;
                m1 = newM1;
                m2 = newM2;
                adamSteps = newAdamSteps;
                mark = phases.Add(SearchPhase.Compact, mark);
            }

            phases.Add(SearchPhase.Release, mark);
            return succeeded;
        }

        private (Tensor Eps, Tensor M1, Tensor M2, Tensor AdamSteps) Update(Tensor eps, Tensor grad, Tensor m1, Tensor m2, Tensor adamSteps)
        {
            double lr = options.StepSize;
            switch (options.Optimizer)
            {
                case EpsOptimizer.Momentum:
                {
                    var v = m1.Mul(options.Momentum) + grad;
                    return (eps - v.Mul(lr), v, m2, adamSteps);
                }

                case EpsOptimizer.Adam:
                {
                    double b1 = options.Momentum;
                    var n = adamSteps.Add(1);
                    var a = m1.Mul(b1) + grad.Mul(1 - b1);
                    var b = m2.Mul(AdamBeta2) + grad.Square().Mul(1 - AdamBeta2);
                    var aHat = a / n.Mul(Math.Log(b1)).exp().SubtractedFrom(1);
                    var bHat = b / n.Mul(Math.Log(AdamBeta2)).exp().SubtractedFrom(1);
                    return (eps - (aHat / bHat.sqrt().Add(AdamEpsilon)).Mul(lr), a, b, n);
                }

                default:
                    return (eps - grad.Mul(lr), m1, m2, adamSteps);
            }
        }

        /// <summary>Applies the step clipping and the projection into the data region, when those options are on.</summary>
        private Tensor Constrain(Tensor eps, Tensor next, Tensor mu, float radius)
        {
            if (options.MaxStepNorm is double maxStep)
            {
                var delta = next - eps;
                var length = delta.Square().sum(1, keepdim: true).sqrt().ClampMin(1e-12);
                next = eps + (delta * length.DividedInto(maxStep).ClampMax(1.0));
            }

            return options.ProjectToRegion ? IntoRegion(next, mu, radius) : next;
        }

        /// <summary>eps with z + eps moved onto the data region's boundary where it lies outside.</summary>
        private static Tensor IntoRegion(Tensor eps, Tensor mu, float radius)
        {
            var w = mu + eps;
            var norm = w.Square().sum(1, keepdim: true).sqrt().ClampMin(1e-12);
            return where(norm.Gt(radius), (w * norm.DividedInto(radius)) - mu, eps);
        }

        /// <summary>
        /// CE(c(x'), target) and whether c(x') hits the target, per row, and (when asked) the gradient of the pending
        /// rows' loss with respect to eps; evaluated in tiles of <see cref="SearchOptions.TileRows"/> rows.
        /// </summary>
        private (Tensor Ce, Tensor Hit, Tensor? Gradient, Tensor Logits, Tensor Perturbed) Evaluate(Tensor x, Tensor mu, Tensor gz, Tensor t, Tensor eps, Tensor liveMask, bool needGradient)
        {
            long rowCount = eps.shape[0];
            int tile = options.TileRows;
            if (rowCount <= tile)
            {
                return EvaluateTile(x, mu, gz, t, eps, liveMask, needGradient);
            }

            var ces = new List<Tensor>();
            var hits = new List<Tensor>();
            var gradients = new List<Tensor>();
            var logits = new List<Tensor>();
            var perturbed = new List<Tensor>();
            for (long start = 0; start < rowCount; start += tile)
            {
                long n = Math.Min(tile, rowCount - start);
                var (ce, hit, gradient, tileLogits, tilePerturbed) = EvaluateTile(x.narrow(0, start, n), mu.narrow(0, start, n), gz.narrow(0, start, n), t.narrow(0, start, n), eps.narrow(0, start, n), liveMask.narrow(0, start, n), needGradient);
                ces.Add(ce);
                hits.Add(hit);
                logits.Add(tileLogits);
                perturbed.Add(tilePerturbed);
                if (gradient is not null)
                {
                    gradients.Add(gradient);
                }
            }

            return (cat(ces), cat(hits), needGradient ? cat(gradients) : null, cat(logits), cat(perturbed));
        }

        private (Tensor Ce, Tensor Hit, Tensor? Gradient, Tensor Logits, Tensor Perturbed) EvaluateTile(Tensor x, Tensor mu, Tensor gz, Tensor t, Tensor eps, Tensor liveMask, bool needGradient)
        {
            if (!needGradient)
            {
                var xp = x + (engine._latent.Decode(mu + eps) - gz);
                var logits = engine._classifier.forward(xp);
                var ce = nn.functional.cross_entropy(logits, t, reduction: nn.Reduction.None);
                return (ce, logits.argmax(1).eq(t), null, logits, xp);
            }

            // Only the live rows not yet on target pull on eps. The batch-mean reading of the paper divides the same CE by a
            // fixed N (N = 1 leaves the gradient untouched).
            var step = engine.CeGradient(x, mu, gz, t, eps, hit => hit.logical_not().to_type(float32) * liveMask, options.LossMeanOver);
            return (step.Ce, step.Hit, step.Gradient, step.Logits, step.Perturbed);
        }

        /// <summary>
        /// The restarted rows' starting eps. With one probe per restart that is the restart's eps; with M probes, M candidates
        /// at the restart's norm are evaluated (a forward pass each, no gradient) and the one with the lowest loss is the start,
        /// so a restart begins on the slope towards the target instead of wherever its random direction points.
        /// </summary>
        private List<(int Position, float[] Eps)> ChooseRestartStarts(List<(int Position, int Local, int Restart)> rows, Tensor x, Tensor mu, Tensor gz, Tensor t, float radius)
        {
            int probes = options.RestartProbes;
            if (probes == 1)
            {
                return rows.Select(r => (r.Position, RestartEps(r.Local, r.Restart, 0))).ToList();
            }

            var device = engine._device;
            using var scope = NewDisposeScope();
            var candidates = new float[rows.Count * probes * _d];
            var positions = new long[rows.Count * probes];
            for (int i = 0; i < rows.Count; i++)
            {
                for (int j = 0; j < probes; j++)
                {
                    RestartEps(rows[i].Local, rows[i].Restart, j).CopyTo(candidates, ((i * probes) + j) * _d);
                    positions[(i * probes) + j] = rows[i].Position;
                }
            }

            var rowOf = tensor(positions, device: device);
            var logits = CandidateLogits(x, mu, gz, rowOf, tensor(candidates, device: device).reshape(positions.Length, _d), radius);
            var losses = nn.functional.cross_entropy(logits, t.index_select(0, rowOf), reduction: nn.Reduction.None);
            var best = losses.reshape(rows.Count, probes).argmin(1).to(int64).cpu().data<long>().ToArray();
            var starts = new List<(int Position, float[] Eps)>(rows.Count);
            for (int i = 0; i < rows.Count; i++)
            {
                starts.Add((rows[i].Position, candidates.AsSpan((int)(((i * probes) + best[i]) * _d), _d).ToArray()));
            }

            return starts;
        }

        /// <summary>
        /// Logits of x' for candidate eps [M, d], candidate i perturbing row <paramref name="rowOf"/>[i] (forward passes only,
        /// counted as probe evaluations). With <paramref name="regionRadius"/>, z + eps is first moved into the data region.
        /// In tiles of rows, like the steps: every row of a large batch may bring 32 candidates at once.
        /// </summary>
        private Tensor CandidateLogits(Tensor x, Tensor mu, Tensor gz, Tensor rowOf, Tensor eps, float? regionRadius = null)
        {
            using var noGrad = no_grad();
            long count = rowOf.shape[0];
            var logits = new List<Tensor>();
            for (long from = 0; from < count; from += options.TileRows)
            {
                long n = Math.Min(options.TileRows, count - from);
                var idx = rowOf.narrow(0, from, n);
                var muC = mu.index_select(0, idx);
                var epsC = eps.narrow(0, from, n);
                epsC = regionRadius is float radius ? IntoRegion(epsC, muC, radius) : epsC;
                var xp = x.index_select(0, idx) + (engine._latent.Decode(muC + epsC) - gz.index_select(0, idx));
                logits.Add(engine._classifier.forward(xp));
            }

            ProbeEvaluations += count;
            return cat(logits);
        }

        /// <summary>
        /// A restart's candidate starting eps: a direction fixed by (seed, search id, restart number, probe), with escalating
        /// norm. Probe 0 is the restart's own direction; further probes spread around it.
        /// </summary>
        private float[] RestartEps(int local, int restart, int probe)
        {
            var item = Item(local);
            double r0 = options.RestartRadius * Math.Pow(options.RestartGrowth, restart);
            if (_d == 2)
            {
                // In 2-D, successive golden-angle turns cover the directions evenly; the seed sets the first angle. A restart's
                // probes divide the circle evenly from its direction.
                double angle = (new Random(StableHash.Combine(options.Seed, item.Id)).NextDouble() * 2 * Math.PI) + (restart * Math.PI * (3 - Math.Sqrt(5))) + (2 * Math.PI * probe / options.RestartProbes);
                return [(float)(r0 * Math.Cos(angle)), (float)(r0 * Math.Sin(angle))];
            }

            var rng = new Random(probe == 0 ? StableHash.Combine(options.Seed, item.Id, restart, 0x5eed) : StableHash.Combine(options.Seed, item.Id, restart, 0x5eed + probe));
            var v = new float[_d];
            double norm = 0;
            for (int i = 0; i < _d; i++)
            {
                // Box-Muller: a uniformly random direction.
                double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
                v[i] = (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
                norm += v[i] * v[i];
            }

            double r = r0 / Math.Sqrt(Math.Max(norm, 1e-12));
            for (int i = 0; i < _d; i++)
            {
                v[i] = (float)(v[i] * r);
            }

            return v;
        }

        /// <summary>
        /// Puts the restarted rows at their restart eps, moved into the data region: the escalating norms outgrow it after
        /// about a dozen restarts, and a start far outside would be judged where the decoder only extrapolates (it
        /// produced "successes" at ||z + eps|| of 164 and 734).
        /// </summary>
        private (Tensor, Tensor, Tensor, Tensor) ApplyRestarts(List<(int Position, float[] Eps)> rows, int activeCount, Tensor eps, Tensor m1, Tensor m2, Tensor adamSteps, Tensor mu, float radius)
        {
            var device = engine._device;
            var mask = new float[activeCount];
            var fresh = new float[activeCount * _d];
            foreach (var (position, start) in rows)
            {
                mask[position] = 1f;
                start.CopyTo(fresh, position * _d);
            }

            var maskT = tensor(mask, device: device).unsqueeze(1);
            var keepT = maskT.SubtractedFrom(1);
            var freshT = IntoRegion(tensor(fresh, device: device).reshape(activeCount, _d), mu, radius) * maskT;
            return (eps * keepT + freshT, m1 * keepT, m2 * keepT, adamSteps * keepT);
        }

        private void Record(List<int> finished, List<StopReason> reasons, int[] rows, int step, Tensor epsVar, Tensor logits, Tensor xp, Tensor xA, Tensor muA, List<int> succeeded)
        {
            var idx = tensor(finished.Select(p => (long)p).ToArray(), device: engine._device);
            using var noGrad = no_grad();
            var epsRows = epsVar.detach().index_select(0, idx).cpu().data<float>().ToArray();
            var latentNorms = (muA.index_select(0, idx) + epsVar.detach().index_select(0, idx)).Square().sum(1).sqrt().cpu().data<float>().ToArray();
            var probRows = nn.functional.softmax(logits.detach().index_select(0, idx), 1).cpu().data<float>().ToArray();
            var predRows = logits.detach().index_select(0, idx).argmax(1).to(int64).cpu().data<long>().ToArray();
            var xpRows = xp.detach().index_select(0, idx);
            var deltaRows = (xpRows - xA.index_select(0, idx)).cpu().data<float>().ToArray();
            var xpHost = xpRows.cpu().data<float>().ToArray();
            int pixels = engine.ImageShape.Values, classes = engine.ClassCount;
            for (int j = 0; j < finished.Count; j++)
            {
                int local = rows[finished[j]];
                var epsRow = epsRows.AsSpan(j * _d, _d).ToArray();
                float norm = Norm(epsRow);
                var result = new SearchResult
                {
                    Id = Item(local).Id,
                    Mode = Item(local).Mode,
                    TrueLabel = Item(local).TrueLabel,
                    Target = Item(local).Target,
                    InitialPrediction = _initialPrediction[local],
                    FinalPrediction = (int)predRows[j],
                    Success = reasons[j] == StopReason.Success,
                    StopReason = reasons[j],
                    Steps = step,
                    TotalSteps = step,
                    Restarts = _restartsUsed[local],
                    EpsNorm = norm,
                    LatentNorm = latentNorms[j],
                    FirstSuccessEpsNorm = reasons[j] == StopReason.Success ? norm : float.NaN,
                    Eps = epsRow,
                    Probabilities = probRows.AsSpan(j * classes, classes).ToArray(),
                    Perturbed = xpHost.AsSpan(j * pixels, pixels).ToArray(),
                    Delta = deltaRows.AsSpan(j * pixels, pixels).ToArray(),
                    Trajectory = [.. _trajectory[local]],
                };
                results[start + local] = result;
                if (result.Success)
                {
                    _successEps[local] = epsRow;
                    _successSteps[local] = step;
                    succeeded.Add(local);
                }
            }
        }

        private static float Norm(ReadOnlySpan<float> v)
        {
            double s = 0;
            foreach (var f in v)
            {
                s += f * f;
            }

            return (float)Math.Sqrt(s);
        }
    }
}
