using Orleans.Lse.Core.Experiments;
using Orleans.Lse.Core.UserModels;

namespace Orleans.Lse.Core.Explaining;

/// <summary>report.json of <c>lse explain</c>: the options, the model and its checksums, the data, the results' aggregates.</summary>
public sealed record ExplanationReport
{
    public required ExplainOptions Options { get; init; }
    public required RegisteredModel Model { get; init; }
    public required ModelCheck Check { get; init; }
    public required string Data { get; init; }
    public required string DataChecksum { get; init; }
    public required int Images { get; init; }

    /// <summary>Images the classifier gets wrong, of <see cref="Images"/>.</summary>
    public required int Misclassified { get; init; }
    public required double Accuracy { get; init; }
    public required string Device { get; init; }
    public required IReadOnlyList<ExperimentAggregate> Summaries { get; init; }

    /// <summary>The .npy files and what each holds.</summary>
    public IReadOnlyDictionary<string, string> Arrays { get; init; } = new Dictionary<string, string>();
    public required double TotalSeconds { get; init; }
    public required DateTimeOffset FinishedUtc { get; init; }
}
