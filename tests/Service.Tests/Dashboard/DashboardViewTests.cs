using Microsoft.Extensions.Options;
using Orleans.Lse.Client.Cluster;
using Orleans.Lse.Dashboard.Artifacts;
using Orleans.Lse.Dashboard.Views;
using Orleans.Lse.Grains.Campaigns;

namespace Orleans.Lse.Service.Tests.Dashboard;

/// <summary>What the pages compute from a campaign's results, and where an artifact path may lead, without a browser.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class DashboardViewTests
{
    private static FinishedSearch Lae(int trueLabel, int target, bool success, float eps = 1, int restarts = 0, int d = 2) =>
        new(CampaignMode.Lae, d, 0, 0, trueLabel, target, success, 10, eps, restarts);

    [Fact]
    public void TheTargetTableCountsEachSourceAndTargetPairOfOneLatentSize()
    {
        FinishedSearch[] results = [Lae(7, 1, true), Lae(7, 1, false), Lae(7, 2, true), Lae(3, 1, true, d: 10), new(CampaignMode.Lse, 2, 0, 0, 7, 7, true, 3, 1, 0)];
        var cells = CampaignFigures.TargetTable(results, 2, 10);
        Assert.Equal(new PairCell(2, 1), cells[7, 1]);
        Assert.Equal(0.5, cells[7, 1].Rate);
        Assert.Equal(new PairCell(1, 1), cells[7, 2]);
        Assert.Equal(0, cells[3, 1].Searches); // d = 10
        Assert.Equal(0, cells[7, 7].Searches); // LSE
        Assert.True(double.IsNaN(cells[0, 0].Rate));
    }

    [Fact]
    public void ClassesAreNamedByTheirTraitOrTheirDatasetAndNumberedOtherwise()
    {
        var fashion = new CampaignSpec { Dataset = "fashion-mnist" };
        Assert.Equal("Trouser", ClassLabels.Of(fashion, null, 1));
        Assert.Equal("Ankle boot", ClassLabels.Described(fashion, null, 9));
        Assert.Equal("10", ClassLabels.Of(fashion, null, 10)); // beyond the dataset's classes: the number, not a crash
        Assert.Equal("class 3", ClassLabels.Described(new CampaignSpec { Dataset = "mnist" }, null, 3));
        Assert.Equal("class 1", ClassLabels.Described(new CampaignSpec { Dataset = "fashion-mnist", Model = "user-model" }, null, 1));
        Assert.Equal("class 4", ClassLabels.Described(new CampaignSpec { Dataset = "/data/folder" }, null, 4));
        var faces = new CampaignSpec { Dataset = "/data/celeba", DatasetKind = "celeba", Traits = ["Male"] };
        Assert.Equal("Male", ClassLabels.Described(faces, "Male", 1));
        Assert.Equal("not Male", ClassLabels.Described(faces, "Male", 0));
    }

    [Fact]
    public void TheEpsHistogramBinsTheSuccessesFromZeroToTheLargest()
    {
        FinishedSearch[] results = [Lae(1, 2, true, 0.1f), Lae(1, 2, true, 0.95f), Lae(1, 2, true, 1.0f), Lae(1, 2, false, 0.5f), Lae(1, 2, true, float.NaN)];
        var histogram = CampaignFigures.EpsHistogram(results, CampaignMode.Lae, 2, bins: 4);
        Assert.Equal(1.0, histogram.Max, 6);
        Assert.Equal(new[] { 1, 0, 0, 2 }, histogram.Counts);
        Assert.Equal(0.25, histogram.BinWidth, 6);
    }

    [Fact]
    public void SuccessWithinKRestartsGrowsToTheSlicesSuccessRate()
    {
        FinishedSearch[] results = [Lae(1, 2, true, restarts: 0), Lae(1, 3, true, restarts: 2), Lae(1, 4, false, restarts: 3), Lae(1, 5, true, restarts: 1)];
        Assert.Equal(new[] { 0.25, 0.5, 0.75, 0.75 }, CampaignFigures.SuccessAtRestarts(results, CampaignMode.Lae, 2));
        Assert.Empty(CampaignFigures.SuccessAtRestarts(results, CampaignMode.Lse, 2));
    }

    [Fact]
    public void TheGalleryFiltersAndPagesAndClampsAPageBeyondTheEnd()
    {
        var results = Enumerable.Range(0, 60).Select(i => Lae(i % 10, (i + 1) % 10, i % 2 == 0)).ToArray();
        var (items, matching, pages) = new GalleryFilter { Success = true, Page = 1 }.PageOf(results);
        Assert.Equal(30, matching);
        Assert.Equal(2, pages);
        Assert.Equal(30 - GalleryFilter.PageSize, items.Length);
        Assert.All(items, r => Assert.True(r.Success));
        var (beyond, _, _) = new GalleryFilter { TrueClass = 3, Page = 99 }.PageOf(results);
        Assert.Equal(6, beyond.Length);
        Assert.All(beyond, r => Assert.Equal(3, r.TrueLabel));
    }

    [Fact]
    public void RatesAndEtasReadAsPeopleReadThem()
    {
        var row = new ProgressRow(CampaignMode.Lse, 2, 1000, 100, 50, 50);
        Assert.Equal(2, CampaignProgress.Rate(row));
        Assert.Equal(TimeSpan.FromSeconds(450), CampaignProgress.Eta(row));
        Assert.Null(CampaignProgress.Eta(row with { Done = 1000 }));
        Assert.Null(CampaignProgress.Eta(row with { SecondsRunning = 0 }));
        Assert.Equal("3 d 4 h", CampaignProgress.Duration(new TimeSpan(3, 4, 5, 6)));
        Assert.Equal("2 h 5 min", CampaignProgress.Duration(new TimeSpan(2, 5, 0)));
        Assert.Equal("4 min 10 s", CampaignProgress.Duration(TimeSpan.FromSeconds(250)));
        Assert.Equal("—", CampaignProgress.Duration(null));
    }

    [Fact]
    public void AnArtifactPathResolvesOnlyInsideTheCampaignsFolder()
    {
        string data = Path.Combine(Path.GetTempPath(), "lse-artifacts-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            string folder = Path.Combine(data, "campaigns", "c-1", "images");
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "a.png"), "png");
            File.WriteAllText(Path.Combine(data, "outside.txt"), "secret");
            File.CreateSymbolicLink(Path.Combine(folder, "link.png"), Path.Combine(data, "outside.txt"));
            var artifacts = new CampaignArtifacts(Options.Create(new LseClusterOptions { DataDirectory = data }));

            Assert.Equal(Path.Combine(folder, "a.png"), artifacts.Resolve("c-1", "images/a.png").FullPath);
            Assert.False(artifacts.Resolve("c-1", "images/b.png").IsRefused); // missing, not refused
            Assert.Null(artifacts.Resolve("c-1", "images/b.png").FullPath);
            foreach (string bad in new[] { "../outside.txt", "images/../../../outside.txt", "/etc/passwd", "images\\a.png", "./images/a.png", "images//a.png", "", "images/link.png" })
            {
                Assert.True(artifacts.Resolve("c-1", bad).IsRefused, $"'{bad}' was not refused");
            }

            Assert.True(artifacts.Resolve("..", "outside.txt").IsRefused);
            Assert.Equal(["images/a.png"], artifacts.List("c-1")!.Select(f => f.Path)); // the link is not listed
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
