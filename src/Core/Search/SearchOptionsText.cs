using System.Globalization;

namespace Orleans.Lse.Core.Search;

/// <summary>
/// Applies "key=value,key=value" overrides to search options, for command lines and campaign specs. Keys: step, mean-over, budget,
/// optimizer (gd|momentum|adam), momentum, stop-rules, plateau, plateau-tol, stationary, radius, max-step, project, restarts, probes, restart-radius,
/// restart-growth, refine, trajectory, batch, tile, seed; the options' own names (stepSize, maxSteps, ...) in any case
/// work too.
/// </summary>
public static class SearchOptionsText
{
    public static SearchOptions Apply(SearchOptions baseline, string? text)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        var result = baseline;
        if (string.IsNullOrWhiteSpace(text))
        {
            return result;
        }

        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ArgumentException($"Search option '{pair}' is not of the form key=value.");
            }

            string key = pair[..eq].Trim().ToLowerInvariant(), value = pair[(eq + 1)..].Trim();
            result = key switch
            {
                "step" or "lambda" or "lr" or "stepsize" => result with { StepSize = Number(key, value) },
                "mean-over" or "lossmeanover" => result with { LossMeanOver = Integer(key, value) },
                "budget" or "max-steps" or "maxsteps" => result with { MaxSteps = Integer(key, value) },
                "optimizer" => result with { Optimizer = value.ToLowerInvariant() switch
                {
                    "gd" or "sgd" => EpsOptimizer.GradientDescent,
                    "momentum" => EpsOptimizer.Momentum,
                    "adam" => EpsOptimizer.Adam,
                    _ => throw new ArgumentException($"Search option optimizer must be gd, momentum or adam (got '{value}')."),
                } },
                "momentum" => result with { Momentum = Number(key, value) },
                "stop-rules" or "stoprules" => result with { StopRules = Flag(key, value) },
                "plateau" or "plateauwindow" => result with { PlateauWindow = Integer(key, value) },
                "plateau-tol" or "plateautolerance" => result with { PlateauTolerance = Number(key, value) },
                "stationary" or "stationarytolerance" => result with { StationaryTolerance = Number(key, value) },
                "radius" or "latentradius" => result with { LatentRadius = Number(key, value) },
                "max-step" or "maxstepnorm" => result with { MaxStepNorm = value is "none" or "off" ? null : Number(key, value) },
                "project" or "projecttoregion" => result with { ProjectToRegion = Flag(key, value) },
                "restarts" => result with { Restarts = Integer(key, value) },
                "probes" or "restartprobes" => result with { RestartProbes = Integer(key, value) },
                "restart-radius" or "restartradius" => result with { RestartRadius = Number(key, value) },
                "restart-growth" or "restartgrowth" => result with { RestartGrowth = Number(key, value) },
                "refine" or "refinesteps" => result with { RefineSteps = Integer(key, value) },
                "trajectory" or "trajectoryevery" => result with { TrajectoryEvery = Integer(key, value) },
                "batch" or "maxbatch" => result with { MaxBatch = Integer(key, value) },
                "tile" or "tilerows" => result with { TileRows = Integer(key, value) },
                "seed" => result with { Seed = Integer(key, value) },
                _ => throw new ArgumentException($"Unknown search option '{key}'."),
            };
        }

        result.Validate();
        return result;
    }

    private static double Number(string key, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw new ArgumentException($"Search option {key} needs a finite number (got '{value}').");

    private static int Integer(string key, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new ArgumentException($"Search option {key} needs an integer (got '{value}').");

    private static bool Flag(string key, string value) => value.ToLowerInvariant() switch
    {
        "true" or "on" or "1" or "yes" => true,
        "false" or "off" or "0" or "no" => false,
        _ => throw new ArgumentException($"Search option {key} needs true or false (got '{value}')."),
    };
}
