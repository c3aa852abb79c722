using System.Security.Cryptography;
using System.Text;
using Orleans.Lse.Client.Campaigns;
using Orleans.Lse.Grains.Storage;

namespace Orleans.Lse.Grains.Campaigns;

/// <summary>
/// The campaign list. A campaign submitted with an idempotency key gets an id derived from the key, so even two racing
/// submissions land on the same experiment grain, which accepts the spec once.
/// </summary>
public sealed class CampaignCatalogGrain(
    [PersistentState("catalog", LseStorage.ProviderName)] IPersistentState<CatalogState> state) : Grain, ICampaignCatalogGrain
{
    public async Task<CampaignStatus> Submit(CampaignSpec spec, string? idempotencyKey)
    {
        CampaignSpecValidator.Validate(spec);
        if (idempotencyKey is { Length: > 0 })
        {
            CampaignIds.ValidateKey(idempotencyKey);
        }

        string id = idempotencyKey is { Length: > 0 }
            ? "c-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..16]
            : "c-" + Guid.NewGuid().ToString("N")[..16];
        var status = await GrainFactory.GetGrain<IExperimentGrain>(id).Submit(spec);
        if (!state.State.Campaigns.Contains(id))
        {
            state.State.Campaigns.Add(id);
            if (idempotencyKey is { Length: > 0 })
            {
                state.State.IdempotencyKeys[idempotencyKey] = id;
            }

            await state.WriteStateAsync();
        }

        return status;
    }

    public async Task<CampaignStatus[]> List() =>
        await Task.WhenAll(state.State.Campaigns.Select(id => GrainFactory.GetGrain<IExperimentGrain>(id).GetStatus()));

    public Task<string[]> Unfinished() =>
        Task.FromResult(state.State.Campaigns.Where(id => !state.State.Ended.Contains(id)).ToArray());

    public async Task MarkEnded(string campaignId)
    {
        if (state.State.Ended.Add(campaignId))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task MarkResumed(string campaignId)
    {
        if (state.State.Ended.Remove(campaignId))
        {
            await state.WriteStateAsync();
        }
    }
}
