using Microsoft.Extensions.Logging;

namespace Orleans.Lse.Grains.Compute;

public sealed partial class ModelLibrary
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Compute device: {Message}")]
    private static partial void LogDevice(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Data: {Message}")]
    private static partial void LogData(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Models: {Message}")]
    private static partial void LogModel(ILogger logger, string message);
}
