namespace Orleans.Lse.Grains.Campaigns;

/// <summary>
/// A campaign's plan (its slices' searches and resolved options), written once when it is planned, apart from the
/// progress that is written as it runs: each write of the progress stays small however many searches are planned.
/// Campaigns that store per search keep their plan in <see cref="ExperimentState.Slices"/>. Field ids are stable.
/// </summary>
[GenerateSerializer, Alias("lse.PlanState")]
public sealed class PlanState
{
    [Id(0)] public List<SliceState> Slices { get; set; } = [];
}
