namespace Orleans.Lse.Core.Progress;

/// <summary>Receives progress reports from long-running work (training, batched searches).</summary>
public interface IProgressSink
{
    /// <summary>Reports the latest progress; implementations throttle their own output, so call freely.</summary>
    /// <param name="update">The current state.</param>
    void Report(ProgressUpdate update);
}
