using Microsoft.Extensions.Logging;

namespace Orleans.Lse.Grains.Campaigns;

public sealed partial class ExperimentGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {Campaign} ({Name}) submitted")]
    private static partial void LogSubmitted(ILogger logger, string campaign, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {Campaign}: {Searches} searches planned in {Slices} slices")]
    private static partial void LogPlanned(ILogger logger, string campaign, int searches, int slices);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {Campaign} completed: {Searches} searches")]
    private static partial void LogCompleted(ILogger logger, string campaign, int searches);

    [LoggerMessage(Level = LogLevel.Error, Message = "Campaign {Campaign} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string campaign, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Campaign {Campaign}: block {Block} died with {Silo} (crash {Crashes} of {MaxCrashes}); it runs again alone")]
    private static partial void LogRunDied(ILogger logger, string campaign, string block, string silo, int crashes, int maxCrashes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Campaign {Campaign}: block {Block} quarantined: its runs killed the silo {Crashes} times; the rest of the campaign goes on")]
    private static partial void LogQuarantined(ILogger logger, string campaign, string block, int crashes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Campaign {Campaign}: a step failed; retrying on the next tick")]
    private static partial void LogTickFailed(ILogger logger, Exception exception, string campaign);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Campaign {Campaign}: no reminder service; start-up recovery will resume it after a crash")]
    private static partial void LogNoReminder(ILogger logger, Exception exception, string campaign);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Campaign {Campaign}: block {Block} failed transiently (attempt {Attempt}); retrying in {Delay}: {Error}")]
    private static partial void LogBlockRetry(ILogger logger, string campaign, string block, int attempt, TimeSpan delay, string? error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {Campaign}: resumed after a failure with {Done} of {Total} searches counted")]
    private static partial void LogResumedAfterFailure(ILogger logger, string campaign, int done, int total);
}
