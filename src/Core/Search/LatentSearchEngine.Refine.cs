using Orleans.Lse.Core.Devices;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Search;

public sealed partial class LatentSearchEngine
{
    private sealed partial class ChunkRun
    {
        /// <summary>
        /// Shrinks ||eps|| of successful searches while keeping c(x') on target, in the manner of decoupled direction and
        /// norm (DDN): a normalised descent step on CE sets the direction, the norm shrinks by (1 - gamma) while on
        /// target and grows by (1 + gamma) when off it. The smallest on-target eps seen is kept.
        /// </summary>
        private void Refine(Tensor x, Tensor mu, Tensor t, List<int> locals, Action<int> reportFinished)
        {
            if (options.RefineSteps == 0)
            {
                return;
            }

            var device = engine._device;
            using var scope = NewDisposeScope();
            int n = locals.Count;
            var idx = tensor(locals.Select(l => (long)l).ToArray(), device: device);
            var xR = x.index_select(0, idx);
            var muR = mu.index_select(0, idx);
            var tR = t.index_select(0, idx);
            Tensor gz;
            using (no_grad())
            {
                gz = engine._latent.Decode(muR);
            }

            var start = new float[n * _d];
            for (int j = 0; j < n; j++)
            {
                _successEps[locals[j]].CopyTo(start, j * _d);
            }

            var eps = ShortestOnTarget(xR, muR, tR, gz, tensor(start, device: device).reshape(n, _d));
            var best = eps.clone();
            var bestNorm = RowNorm(eps);
            var radius = bestNorm.clone();
            int steps = options.RefineSteps;
            float regionRadius = (float)options.RadiusFor(_d);
            using var threads = new StepThreads(device);
            threads.For(n);
            for (int k = 0; k < steps; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var stepScope = NewDisposeScope();
                double progress = (double)k / steps;
                double alpha = 0.02 + (0.3 - 0.02) * 0.5 * (1 + Math.Cos(Math.PI * progress));
                double gamma = 0.003 + 0.05 * (1 - progress);
                var (_, _, hit, _, grad) = engine.CeGradient(xR, muR, gz, tR, eps, h => ones_like(h, dtype: float32));
                var norm = RowNorm(eps);
                var better = hit.logical_and(norm.lt(bestNorm));
                var newBest = where(better.unsqueeze(1), eps, best);
                var newBestNorm = where(better, norm, bestNorm);
                var direction = grad / RowNorm(grad).ClampMin(1e-12).unsqueeze(1);
                var stepped = eps - direction * radius.Mul(alpha).unsqueeze(1);
                var newRadius = where(hit, radius.Mul(1 - gamma), radius.Mul(1 + gamma));
                var projected = stepped * (newRadius / RowNorm(stepped).ClampMin(1e-12)).unsqueeze(1);
                if (options.ProjectToRegion)
                {
                    var w = muR + projected;
                    var wNorm = RowNorm(w).ClampMin(1e-12).unsqueeze(1);
                    projected = where(wNorm.Gt(regionRadius), (w * wNorm.DividedInto(regionRadius)) - muR, projected);
                }
                ExampleSteps += n;
                BatchSteps++;

                eps = projected.detach().MoveToOuterDisposeScope();
                best = newBest.detach().MoveToOuterDisposeScope();
                bestNorm = newBestNorm.detach().MoveToOuterDisposeScope();
                radius = newRadius.detach().MoveToOuterDisposeScope();
            }

            Finalise(xR, muR, tR, gz, best, locals, steps);
            reportFinished(n);
        }

        /// <summary>
        /// The shortest of eps scaled by 1/8, 2/8, ..., 1 that keeps c(x') on target, per row (forward passes only): the first
        /// success usually overshoots the class boundary, and starting the refinement at the boundary saves it the steps.
        /// </summary>
        private Tensor ShortestOnTarget(Tensor x, Tensor mu, Tensor t, Tensor gz, Tensor eps)
        {
            const int scales = 8;
            using var noGrad = no_grad();
            long n = eps.shape[0];
            // Built on the host: no number here becomes a libtorch Scalar (see KeptScalars).
            var factors = tensor(Enumerable.Range(1, scales).Select(s => s / (float)scales).ToArray(), device: eps.device); // [S]
            var candidates = (eps.unsqueeze(1) * factors.reshape(1, scales, 1)).reshape(n * scales, _d);
            var rowOf = tensor(Enumerable.Range(0, (int)n * scales).Select(i => (long)(i / scales)).ToArray(), device: eps.device);
            var onTarget = CandidateLogits(x, mu, gz, rowOf, candidates).argmax(1).eq(t.index_select(0, rowOf));
            // The full eps counts as on target even where a borderline logit now ties differently: it succeeded.
            var last = tensor(Enumerable.Range(0, scales).Select(s => s == scales - 1).ToArray(), device: eps.device);
            var hit = onTarget.reshape(n, scales).logical_or(last);
            // The first hitting scale (the largest weight); the full eps (the last scale) hit when the search succeeded.
            var weights = tensor(Enumerable.Range(0, scales).Select(s => (float)(scales + 1 - s)).ToArray(), device: eps.device);
            var first = (hit.to_type(float32) * weights).argmax(1);
            var chosen = factors.index_select(0, first).unsqueeze(1);
            return (eps * chosen).detach();
        }

        /// <summary>Evaluates the best eps and rewrites the results; a numerically borderline eps keeps the first success.</summary>
        private void Finalise(Tensor xR, Tensor muR, Tensor tR, Tensor gz, Tensor best, List<int> locals, int refineSteps)
        {
            using var noGrad = no_grad();
            var xp = xR + (engine._latent.Decode(muR + best) - gz);
            var logits = engine._classifier.forward(xp);
            var pred = logits.argmax(1);
            var hit = pred.eq(tR).cpu().data<bool>().ToArray();
            var probs = nn.functional.softmax(logits, 1).cpu().data<float>().ToArray();
            var epsHost = best.cpu().data<float>().ToArray();
            var latentNorms = RowNorm(muR + best).cpu().data<float>().ToArray();
            var xpHost = xp.cpu().data<float>().ToArray();
            var deltaHost = (xp - xR).cpu().data<float>().ToArray();
            var predHost = pred.to(int64).cpu().data<long>().ToArray();
            int pixels = engine.ImageShape.Values, classes = engine.ClassCount;
            for (int j = 0; j < locals.Count; j++)
            {
                var previous = results[start + locals[j]];
                if (!hit[j])
                {
                    results[start + locals[j]] = previous with { TotalSteps = previous.TotalSteps + refineSteps };
                    continue;
                }

                var epsRow = epsHost.AsSpan(j * _d, _d).ToArray();
                results[start + locals[j]] = previous with
                {
                    TotalSteps = previous.TotalSteps + refineSteps,
                    FinalPrediction = (int)predHost[j],
                    EpsNorm = Norm(epsRow),
                    LatentNorm = latentNorms[j],
                    Eps = epsRow,
                    Probabilities = probs.AsSpan(j * classes, classes).ToArray(),
                    Perturbed = xpHost.AsSpan(j * pixels, pixels).ToArray(),
                    Delta = deltaHost.AsSpan(j * pixels, pixels).ToArray(),
                };
            }
        }

        private static Tensor RowNorm(Tensor v) => v.Square().sum(1).sqrt();
    }
}
