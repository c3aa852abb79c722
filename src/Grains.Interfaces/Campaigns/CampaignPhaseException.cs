namespace Orleans.Lse.Grains.Campaigns;

/// <summary>
/// The campaign's phase does not allow what was asked (pausing a completed campaign, resuming a running one). Its message
/// is meant for the user: the REST API answers it as 409 with this text, where any other error stays internal.
/// </summary>
[GenerateSerializer, Alias("lse.CampaignPhaseException")]
public sealed class CampaignPhaseException : InvalidOperationException
{
    public CampaignPhaseException()
    {
    }

    public CampaignPhaseException(string message) : base(message)
    {
    }

    public CampaignPhaseException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
