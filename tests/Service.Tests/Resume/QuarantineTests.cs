using Orleans.Lse.Grains.Campaigns;
using Orleans.Lse.Service.Tests.Campaigns;
using Xunit.Abstractions;

namespace Orleans.Lse.Service.Tests.Resume;

/// <summary>
/// A block that kills its silo every time it runs (a test hook: Environment.FailFast, as a native crash or the OOM
/// killer would) is quarantined after Lse:Campaigns:MaxBlockCrashes runs, instead of crash-looping the silo: the silo is
/// restarted after each crash, as systemd's Restart=on-failure would, and after the last one it stays up, finishes the
/// rest of the campaign and fails it naming the block. Resume, with the cause gone, runs the block and completes.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class QuarantineTests(ITestOutputHelper output) : IDisposable
{
    private const int MaxBlockCrashes = 3;
    private readonly LocalSilo _service = new("quarantine");

    private static CampaignSpec Spec => TinyCampaign.Spec with { Name = "quarantine", Modes = [CampaignMode.Lae], LaeImages = 4, BlockSize = 6, WriteImages = false };

    [Fact]
    public async Task ABlockThatKillsItsSiloIsQuarantinedAndTheSiloStaysUp()
    {
        string id;
        var silo = _service.Start(Settings(poisoned: true));
        try
        {
            await using (var client = await _service.Connect(silo))
            {
                id = (await Catalog(client).Submit(Spec, "quarantine")).Id;
            }

            string poison = $"{id}/lae/d2/b1";
            int crashes = 0;
            while (true)
            {
                try
                {
                    await silo.WaitForOutput($"block {poison} quarantined", TimeSpan.FromMinutes(4));
                    break;
                }
                catch (TimeoutException) when (silo.HasExited && crashes < MaxBlockCrashes)
                {
                    // Only the poisoned block may have killed it.
                    int exitCode = silo.WaitForExit();
                    Assert.True(exitCode != 0, $"exit code {exitCode}");
                    Assert.True(silo.Output.Contains($"Test hook Lse:Compute:CrashOnBlock: block {poison} kills its silo.", StringComparison.Ordinal), Tail(silo));
                    crashes++;
                    output.WriteLine($"crash {crashes}: the silo exited ({exitCode}) with the poisoned block; starting it again");
                    silo.Dispose();
                    silo = _service.Start(Settings(poisoned: true));
                }
            }

            Assert.Equal(MaxBlockCrashes, crashes);
            await using (var client = await _service.Connect(silo))
            {
                var campaign = client.Client.GetGrain<IExperimentGrain>(id);
                var failed = await TinyCampaign.WaitFor(campaign, "after the quarantine", "ended", TinyCampaign.Ended, TimeSpan.FromMinutes(4), Exited(silo), context: () => Tail(silo));
                output.WriteLine($"after {crashes} crashes: {TinyCampaign.Describe(failed)}");
                Assert.Equal(CampaignPhase.Failed, failed.Phase);
                Assert.Contains($"quarantined after their runs killed the silo {MaxBlockCrashes} times: {poison} (6 searches not run", failed.Error, StringComparison.Ordinal);

                // Every other block ran, including any that was in flight beside the poisoned one when it crashed.
                Assert.Equal(failed.Total - 6, failed.Done);
                Assert.Equal(failed.Done, (await campaign.GetResults()).Length);
                Assert.False(silo.HasExited, "the silo exited after the quarantine");
            }

            // The cause fixed (a silo without the hook), resume runs the quarantined block, and only it.
            silo.Dispose();
            silo = _service.Start(Settings(poisoned: false));
            await using (var client = await _service.Connect(silo))
            {
                var campaign = client.Client.GetGrain<IExperimentGrain>(id);
                var resumed = await campaign.Resume();
                Assert.Equal(CampaignPhase.Running, resumed.Phase);
                var done = await TinyCampaign.WaitFor(campaign, "resumed after the quarantine", "ended", TinyCampaign.Ended, TimeSpan.FromMinutes(4), Exited(silo), context: () => Tail(silo));
                Assert.True(done.Phase == CampaignPhase.Completed, TinyCampaign.Describe(done));
                Assert.Equal(done.Total, done.Done);
                // The block's log line goes through the logger's queue and the output pipe: it may come after the status.
                await silo.WaitForOutput($"Block {poison}: 6 searches", TimeSpan.FromMinutes(1));
            }

            // Stored once per block (6 blocks of 6), not once per search.
            var rows = await StoredRows(id);
            output.WriteLine("stored rows: " + string.Join(", ", rows.Select(r => $"{r.Key} {r.Value}")));
            Assert.Equal(6, rows.GetValueOrDefault("block"));
            Assert.False(rows.ContainsKey("search"), "searches stored one by one");
        }
        finally
        {
            silo.Dispose();
        }
    }

    public void Dispose() => _service.Dispose();

    /// <summary>The campaign's rows in the SQLite grain store, by state name.</summary>
    private async Task<Dictionary<string, int>> StoredRows(string id)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_service.DataDirectory, "service", "lse.db")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT GrainTypeString, count(*) FROM OrleansStorage WHERE GrainIdExtensionString LIKE $prefix GROUP BY GrainTypeString";
        command.Parameters.AddWithValue("$prefix", id + "/%");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = reader.GetInt32(1);
        }

        return rows;
    }

    private static ICampaignCatalogGrain Catalog(ClusterClient client) => client.Client.GetGrain<ICampaignCatalogGrain>(ICampaignCatalogGrain.Key);

    private static string[] Settings(bool poisoned) =>
    [
        $"--Lse:Compute:CrashOnBlock={(poisoned ? "/lae/d2/b1" : "")}",
        "--Lse:Campaigns:MaxBlocksInFlight=2",
        $"--Lse:Campaigns:MaxBlockCrashes={MaxBlockCrashes}",
        "--Logging:LogLevel:Orleans.Lse.Grains.Searches=Debug",
    ];

    private static Func<string?> Exited(SiloProcess silo) => LocalSilo.Exited(silo);

    private static string Tail(SiloProcess silo) => LocalSilo.Tail(silo);
}
