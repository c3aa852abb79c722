using Orleans.Lse.Grains.Campaigns;

namespace Orleans.Lse.Client.Campaigns;

/// <summary>Campaign modes as addresses and query strings spell them ("lse", "lae", any case).</summary>
public static class CampaignModes
{
    /// <summary>Parses a mode's name; false for anything else (numbers and lists, which the enum parser would take).</summary>
    public static bool TryParse(string? text, out CampaignMode mode)
    {
        mode = default;
        return !string.IsNullOrEmpty(text) && text.All(char.IsAsciiLetter) && Enum.TryParse(text, ignoreCase: true, out mode) && Enum.IsDefined(mode);
    }
}
