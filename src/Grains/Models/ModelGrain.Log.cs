using Microsoft.Extensions.Logging;

namespace Orleans.Lse.Grains.Models;

public sealed partial class ModelGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model}: training or loading")]
    private static partial void LogTraining(ILogger logger, string model);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model}: ready, weights {Sha256}")]
    private static partial void LogReady(ILogger logger, string model, string sha256);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model}: transient failure, attempt {Attempt}; retrying in {Delay}")]
    private static partial void LogRetrying(ILogger logger, Exception exception, string model, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model}: campaign {Campaign} was the last that needed it; stopping its training")]
    private static partial void LogCancelling(ILogger logger, string model, string campaign);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model}: training stopped")]
    private static partial void LogCancelled(ILogger logger, string model);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model {Model}: failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string model);
}
