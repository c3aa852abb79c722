using Microsoft.Extensions.Logging;

namespace Orleans.Lse.Grains.Campaigns;

public sealed partial class CampaignReportGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {Campaign}: writing its report from {Records} search records")]
    private static partial void LogWriting(ILogger logger, string campaign, int records);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {Campaign}: {Step}")]
    private static partial void LogStep(ILogger logger, string campaign, string step);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {Campaign}: report written, {Figures} figures, in {Directory}")]
    private static partial void LogWritten(ILogger logger, string campaign, int figures, string directory);

    [LoggerMessage(Level = LogLevel.Error, Message = "Campaign {Campaign}: writing its report failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string campaign);
}
