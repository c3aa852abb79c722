using Orleans.Lse.Core.Search;

namespace Orleans.Lse.Core.Benchmarks;

/// <summary>One line of the search benchmark.</summary>
/// <param name="Engine">"batched" (the engine) or "one-at-a-time" (a plain per-image loop).</param>
/// <param name="Batch">Searches per tensor.</param>
/// <param name="Searches">Searches run.</param>
/// <param name="ExampleSteps">Gradient steps summed over the searches.</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="ExampleStepsPerSecond">Example-steps per second.</param>
/// <param name="ExplanationsPerSecond">Finished searches per second.</param>
/// <param name="Gflops">Achieved GFLOP/s from the analytic FLOPs per example-step.</param>
/// <param name="PeakFraction">Gflops over the measured matrix-multiply peak.</param>
/// <param name="PeakMemoryBytes">Peak resident memory of the process so far (CPU) or peak allocated device memory (CUDA).</param>
/// <param name="BatchSteps">Batched steps (the engine) or single-image steps (the loop).</param>
/// <param name="Phases">Where the engine's time went, summed over the runs; null for the loop.</param>
public sealed record BenchmarkRow(string Engine, int Batch, int Searches, long ExampleSteps, double Seconds, double ExampleStepsPerSecond, double ExplanationsPerSecond, double Gflops, double PeakFraction, long PeakMemoryBytes, long BatchSteps, SearchPhaseTimes? Phases);
