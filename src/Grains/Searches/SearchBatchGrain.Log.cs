using Microsoft.Extensions.Logging;

namespace Orleans.Lse.Grains.Searches;

public sealed partial class SearchBatchGrain
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Block {Block}: {Searches} searches, {Succeeded} succeeded")]
    private static partial void LogDone(ILogger logger, string block, int searches, int succeeded);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Block {Block} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string block);
}
