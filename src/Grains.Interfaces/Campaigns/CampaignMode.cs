namespace Orleans.Lse.Grains.Campaigns;

/// <summary>LSE (reach the true class of a misclassified image) or LAE (push a correct image to another class).</summary>
[GenerateSerializer, Alias("lse.CampaignMode")]
public enum CampaignMode
{
    Lse = 0,
    Lae = 1,
}
