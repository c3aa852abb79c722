using Orleans.Lse.Grains.Campaigns;

namespace Orleans.Lse.Dashboard.Views;

/// <summary>Rates and times a person reads off a campaign's progress rows.</summary>
public static class CampaignProgress
{
    /// <summary>Searches per second of a slice while it ran (0 before it started).</summary>
    public static double Rate(ProgressRow row) => row.SecondsRunning > 0 ? row.Done / row.SecondsRunning : 0;

    /// <summary>Time left at the slice's rate so far; null when it has no rate yet or nothing is left.</summary>
    public static TimeSpan? Eta(ProgressRow row)
    {
        double rate = Rate(row);
        int left = row.Total - row.Done;
        return left <= 0 || rate <= 0 ? null : Seconds(left / rate);
    }

    /// <summary>The whole campaign's rate (every slice's searches over the longest-running one's time) and time left.</summary>
    public static (double Rate, TimeSpan? Eta) Overall(CampaignStatus status)
    {
        double seconds = status.Progress.Length == 0 ? 0 : status.Progress.Max(p => p.SecondsRunning);
        double rate = seconds > 0 ? status.Done / seconds : 0;
        int left = status.Total - status.Done;
        return (rate, left <= 0 || rate <= 0 || status.Phase != CampaignPhase.Running ? null : Seconds(left / rate));
    }

    private static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds / 2));

    /// <summary>"3 d 4 h", "2 h 5 min", "4 min 10 s", "12 s": days when it is days.</summary>
    public static string Duration(TimeSpan? span)
    {
        if (span is not { } t)
        {
            return "—";
        }

        return t.TotalDays >= 1 ? $"{(int)t.TotalDays} d {t.Hours} h"
            : t.TotalHours >= 1 ? $"{(int)t.TotalHours} h {t.Minutes} min"
            : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes} min {t.Seconds} s"
            : $"{Math.Max(0, (int)Math.Round(t.TotalSeconds))} s";
    }

    /// <summary>Share done in [0, 1].</summary>
    public static double Fraction(int done, int total) => total <= 0 ? 0 : Math.Clamp(done / (double)total, 0, 1);
}
