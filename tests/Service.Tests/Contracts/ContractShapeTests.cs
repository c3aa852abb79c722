using Orleans.Lse.Grains.Campaigns;
using Orleans.Lse.Grains.Models;

namespace Orleans.Lse.Service.Tests.Contracts;

/// <summary>
/// Campaigns resume across upgrades, so grain interfaces and persisted state must keep their shape. This test compares
/// the current shape with the approved one (contracts.approved.txt) and fails on any difference; when a change is
/// intended and compatible (new field with a new id, new method with a new alias), copy the .received.txt file over the
/// approved one in the same commit.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class ContractShapeTests
{
    [Fact]
    public void ContractsAndPersistedStateKeepTheirApprovedShape()
    {
        var current = ContractShape.Render(typeof(IExperimentGrain).Assembly, typeof(ExperimentState).Assembly);
        string approvedPath = Path.Combine(AppContext.BaseDirectory, "Contracts", "contracts.approved.txt");
        string approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings() : "";
        if (approved != current.ReplaceLineEndings())
        {
            string received = Path.Combine(SourceDirectory(), "Contracts", "contracts.received.txt");
            File.WriteAllText(received, current);
            Assert.Fail($"Grain contracts or persisted state changed shape. Stored campaigns may no longer load. Review {received} against the approved file; if the change is intended and compatible, make it the approved file.");
        }
    }

    [Fact]
    public void TheShapeNamesFieldIdsAndMethodAliases()
    {
        var shape = ContractShape.Render(typeof(IModelGrain).Assembly, typeof(ModelGrainState).Assembly);

        Assert.Contains("type Orleans.Lse.Grains.Campaigns.ExperimentState alias=lse.ExperimentState", shape);
        Assert.Contains("  [3] FinishedSearch[] Results", shape);
        Assert.Contains("grain Orleans.Lse.Grains.Campaigns.IExperimentGrain alias=lse.IExperimentGrain", shape);
        Assert.Contains("Task<CampaignStatus> Submit(CampaignSpec spec) alias=Submit", shape);
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(Path.GetDirectoryName(path))!;
}
