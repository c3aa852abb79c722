using Orleans.Lse.Client.Campaigns;
using Orleans.Lse.Grains.Campaigns;

namespace Orleans.Lse.Service.Tests.Campaigns;

/// <summary>Modes in addresses: names in any case, nothing else (numbers name no mode there).</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class CampaignModesTests
{
    [Theory]
    [InlineData("lse", CampaignMode.Lse)]
    [InlineData("LAE", CampaignMode.Lae)]
    [InlineData("Lse", CampaignMode.Lse)]
    public void NamesParse(string text, CampaignMode expected)
    {
        Assert.True(CampaignModes.TryParse(text, out var mode));
        Assert.Equal(expected, mode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("-1")]
    [InlineData("7")]
    [InlineData("lse,lae")]
    [InlineData("oracle")]
    public void AnythingElseDoesNot(string? text) => Assert.False(CampaignModes.TryParse(text, out _));
}
