namespace Orleans.Lse.Core.Search;

/// <summary>Work done by one <see cref="LatentSearchEngine.Run"/> call.</summary>
/// <param name="Searches">Searches run.</param>
/// <param name="ExampleSteps">Sum over gradient steps of the searches still active (each a forward and a backward).</param>
/// <param name="BatchSteps">Batched steps executed (one per tensor step).</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="ProbeEvaluations">Forward-only evaluations of restart candidates (<see cref="SearchOptions.RestartProbes"/>).</param>
/// <param name="Phases">Where the wall time went.</param>
public sealed record SearchRunStats(int Searches, long ExampleSteps, long BatchSteps, TimeSpan Elapsed, long ProbeEvaluations, SearchPhaseTimes Phases);
