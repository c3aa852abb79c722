using Microsoft.Extensions.Logging;

namespace Orleans.Lse.Grains.Compute;

public sealed partial class SearchExecutor
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Ran {Searches} searches ({Requests} requests) in {Seconds:F2}s, {Succeeded} succeeded")]
    private static partial void LogBatch(ILogger logger, int searches, int requests, double seconds, int succeeded);

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of {Requests} requests failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, int requests);
}
