using System.Diagnostics;
using Orleans.Lse.Cli.Campaigns;
using Orleans.Lse.Grains.Hosting;

namespace Orleans.Lse.Service.Tests.Cli;

[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class ServiceConnectionTests
{
    [Fact]
    public async Task AServiceThatIsNotThereIsReportedWithinTheConnectTimeout()
    {
        int nobody = LocalPorts.Free();
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ServiceConnection.Connect(nobody, null, CancellationToken.None, TimeSpan.FromSeconds(2)));

        Assert.Contains($"localhost gateway port {nobody}", error.Message, StringComparison.Ordinal);
        Assert.Contains("./scripts/service.sh", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed.TotalSeconds:F0} s, not about the 2 s asked for");
    }
}
