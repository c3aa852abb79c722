namespace Orleans.Lse.Core.Progress;

/// <summary>A sink that ignores all reports.</summary>
public sealed class NullProgressSink : IProgressSink
{
    private NullProgressSink()
    {
    }

    /// <summary>The shared instance.</summary>
    public static NullProgressSink Instance { get; } = new();

    /// <inheritdoc />
    public void Report(ProgressUpdate update)
    {
    }
}
