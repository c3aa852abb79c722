namespace Orleans.Lse.Core.Search;

/// <summary>
/// Options of the latent search. The defaults are the paper's method (plain gradient descent, lambda = 0.1, stop at
/// the first success) with a 1000-step budget and the stopping rules on; <see cref="Improved"/> is the product's
/// stronger search.
/// </summary>
public sealed record SearchOptions
{
    /// <summary>Step size lambda of equation 2 (the learning rate for momentum/Adam). Default 0.1 (the paper's).</summary>
    public double StepSize { get; init; } = 0.1;

    /// <summary>
    /// Minimise the mean of the CE over a notional batch of this many searches instead of each search's own CE, which
    /// divides every search's gradient by N. The paper's ||eps|| figures (0.10 for LSE in 2-D) fit a step of lambda on
    /// the mean CE of its batch of 87 images, not on each image's CE (which moves eps about 87 times further per step);
    /// the reproduction's plain GD therefore uses its experiments' batch sizes. Searches stay independent: N is a fixed
    /// number, not the size of whatever batch the engine happens to form. Default 1 (each search's own CE).
    /// </summary>
    public int LossMeanOver { get; init; } = 1;

    /// <summary>Gradient-step budget of the first phase, restarts included. Default 1000 (the paper gives none).</summary>
    public int MaxSteps { get; init; } = 1000;

    /// <summary>The update rule. Default plain gradient descent (the paper's).</summary>
    public EpsOptimizer Optimizer { get; init; } = EpsOptimizer.GradientDescent;

    /// <summary>Momentum coefficient (heavy ball) or Adam's beta1. Default 0.9.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>
    /// Stop (or restart) searches that can no longer succeed: a plateau at rest, a vanished gradient, z + eps beyond
    /// twice the data region's radius. Default on; inside that limit it changes no outcome of the plain search.
    /// </summary>
    public bool StopRules { get; init; } = true;

    /// <summary>A search whose best loss has not improved by <see cref="PlateauTolerance"/> in this many steps is stuck. Default 100.</summary>
    public int PlateauWindow { get; init; } = 100;

    /// <summary>
    /// Relative improvement of the best loss that counts as progress over the window. Default 1e-3. It is set for steps of
    /// lambda on each search's own CE; with <see cref="LossMeanOver"/> = N the steps are N times shorter and the engine
    /// divides it by N: with the paper's batch-mean steps a search can creep past a saddle for hundreds of steps,
    /// improving by a few hundredths of a percent per 100 steps, and then succeed; the unscaled tolerance stopped some of
    /// them (docs/stopping-rules.md).
    /// </summary>
    public double PlateauTolerance { get; init; } = 1e-3;

    /// <summary>
    /// A plateau also needs eps to have stayed within this distance of where the window began (0 = loss alone decides).
    /// Default 0.05: plain GD that bounces without improving can still reach the target, so it is not stopped.
    /// </summary>
    public double StationaryTolerance { get; init; } = 0.05;

    /// <summary>A gradient norm below this is a vanished gradient. Default 1e-7.</summary>
    public double GradientFloor { get; init; } = 1e-7;

    /// <summary>
    /// Radius of the data region ||z + eps|| &lt;= R; null means sqrt(d) + 3 (the prior N(0, I) has almost no mass beyond).
    /// The stopping rules stop a search at once beyond 2R; between R and 2R only a plateau stops it.
    /// </summary>
    public double? LatentRadius { get; init; }

    /// <summary>Longest allowed step ||eps_{n+1} - eps_n|| (gradient clipping); null = unclipped, as in the paper.</summary>
    public double? MaxStepNorm { get; init; }

    /// <summary>Keep z + eps inside the data region by projecting onto its boundary, instead of stopping there. Default off.</summary>
    public bool ProjectToRegion { get; init; }

    /// <summary>Restarts from a random eps of escalating norm when a search is stuck (Appendix B). Default 0 (the paper's).</summary>
    public int Restarts { get; init; }

    /// <summary>
    /// Candidate starting points evaluated per restart (forward passes only); the restart starts from the one with the lowest
    /// loss. Default 1 (the restart's own random direction).
    /// </summary>
    public int RestartProbes { get; init; } = 1;

    /// <summary>Norm of the first restart's eps. Default 0.3.</summary>
    public double RestartRadius { get; init; } = 0.3;

    /// <summary>Each further restart multiplies the norm by this. Default 1.5.</summary>
    public double RestartGrowth { get; init; } = 1.5;

    /// <summary>Steps of refinement after the first success that shrink ||eps|| while keeping c(x') on target. Default 0 (the paper stops at the first success).</summary>
    public int RefineSteps { get; init; }

    /// <summary>Record eps every k steps of the first phase (0 = off).</summary>
    public int TrajectoryEvery { get; init; }

    /// <summary>Most searches in one tensor. Default 1024.</summary>
    public int MaxBatch { get; init; } = 1024;

    /// <summary>
    /// Rows per forward/backward pass inside one step: a larger active set is evaluated in tiles of this many rows, so the
    /// activations stay in cache (one 4096-row pass is memory-bound on a small CPU). Rows are independent, so tiling
    /// changes no result beyond the last bits. Default 512.
    /// </summary>
    public int TileRows { get; init; } = 512;

    /// <summary>Seed of the restart directions. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Largest step count, window, N or interval an option takes: a million steps is hours per search.</summary>
    public const int MaxCount = 1_000_000;

    /// <summary>Largest batch, tile or probe count: rows of one tensor.</summary>
    public const int MaxRows = 65_536;

    /// <summary>Most restarts (their norms grow geometrically, so more only leave the data region).</summary>
    public const int MaxRestarts = 1_000;

    /// <summary>The paper's LSE batch: its 87 misclassified MNIST images (section 3.2.1).</summary>
    public const int PaperLseBatch = 87;

    /// <summary>The paper's LAE batch on average: 100 images x 9 targets over 10 per-target experiments (section 3.2.2).</summary>
    public const int PaperLaeBatch = 90;

    /// <summary>The paper's plain gradient descent.</summary>
    public static SearchOptions Paper { get; } = new();

    /// <summary>
    /// The improved search: the paper's descent with clipped steps kept inside the data region, escalating restarts
    /// when stuck, and refinement of eps after the first success.
    /// </summary>
    public static SearchOptions Improved { get; } = new()
    {
        StepSize = 0.1,
        MaxSteps = 1500,
        MaxStepNorm = 0.25,
        StationaryTolerance = 0,
        ProjectToRegion = true,
        // 10 steps without progress is stuck enough to restart: as many successes as a longer window for fewer steps
        // (docs/search-engine.md).
        PlateauWindow = 10,
        // Each restart starts from the best of 32 probes at its norm, so the norm can escalate faster and 10 restarts reach
        // as many targets as 30 blind ones did, for fewer steps (docs/search-engine.md).
        Restarts = 10,
        RestartProbes = 32,
        RestartRadius = 0.3,
        RestartGrowth = 1.6,
        RefineSteps = 50,
    };

    /// <summary>The latent radius for latent size <paramref name="d"/>.</summary>
    public double RadiusFor(int d) => LatentRadius ?? (Math.Sqrt(d) + 3.0);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        Require(double.IsFinite(StepSize) && StepSize > 0, nameof(StepSize), $"must be a finite number > 0 (got {StepSize})");
        Require(LossMeanOver is >= 1 and <= MaxCount, nameof(LossMeanOver), $"must be in 1..{MaxCount} (got {LossMeanOver})");
        Require(MaxSteps is > 0 and <= MaxCount, nameof(MaxSteps), $"must be in 1..{MaxCount} (got {MaxSteps})");
        Require(double.IsFinite(Momentum) && Momentum >= 0 && Momentum < 1, nameof(Momentum), $"must be in [0, 1) (got {Momentum})");
        Require(PlateauWindow is > 0 and <= MaxCount, nameof(PlateauWindow), $"must be in 1..{MaxCount} (got {PlateauWindow})");
        Require(double.IsFinite(PlateauTolerance) && PlateauTolerance >= 0, nameof(PlateauTolerance), $"must be >= 0 (got {PlateauTolerance})");
        Require(double.IsFinite(StationaryTolerance) && StationaryTolerance >= 0, nameof(StationaryTolerance), $"must be >= 0 (got {StationaryTolerance})");
        Require(double.IsFinite(GradientFloor) && GradientFloor >= 0, nameof(GradientFloor), $"must be >= 0 (got {GradientFloor})");
        Require(LatentRadius is null || (double.IsFinite(LatentRadius.Value) && LatentRadius > 0), nameof(LatentRadius), $"must be > 0 (got {LatentRadius})");
        Require(MaxStepNorm is null || (double.IsFinite(MaxStepNorm.Value) && MaxStepNorm > 0), nameof(MaxStepNorm), $"must be > 0 (got {MaxStepNorm})");
        Require(Restarts is >= 0 and <= MaxRestarts, nameof(Restarts), $"must be in 0..{MaxRestarts} (got {Restarts})");
        Require(RestartProbes is >= 1 and <= MaxRows, nameof(RestartProbes), $"must be in 1..{MaxRows} (got {RestartProbes})");
        Require(double.IsFinite(RestartRadius) && RestartRadius > 0, nameof(RestartRadius), $"must be > 0 (got {RestartRadius})");
        Require(double.IsFinite(RestartGrowth) && RestartGrowth >= 1, nameof(RestartGrowth), $"must be >= 1 (got {RestartGrowth})");
        Require(RefineSteps is >= 0 and <= MaxCount, nameof(RefineSteps), $"must be in 0..{MaxCount} (got {RefineSteps})");
        Require(TrajectoryEvery is >= 0 and <= MaxCount, nameof(TrajectoryEvery), $"must be in 0..{MaxCount} (got {TrajectoryEvery})");
        Require(MaxBatch is > 0 and <= MaxRows, nameof(MaxBatch), $"must be in 1..{MaxRows} (got {MaxBatch})");
        Require(TileRows is > 0 and <= MaxRows, nameof(TileRows), $"must be in 1..{MaxRows} (got {TileRows})");
    }

    private static void Require(bool ok, string name, string problem)
    {
        if (!ok)
        {
            throw new ArgumentException($"Search option {name} {problem}.", name);
        }
    }
}
