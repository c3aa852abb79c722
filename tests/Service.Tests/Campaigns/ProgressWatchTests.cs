using Microsoft.Extensions.Time.Testing;
using Orleans.Lse.Grains.Campaigns;

namespace Orleans.Lse.Service.Tests.Campaigns;

[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class ProgressWatchTests
{
    [Fact]
    public void ACampaignIsStalledOnlyAfterItsAllowanceWithoutAnyChange()
    {
        var time = new FakeTimeProvider();
        var watch = new ProgressWatch(time);
        var allowance = TimeSpan.FromMinutes(15);

        watch.Observe("training models: vae 10 %|0");
        time.Advance(TimeSpan.FromMinutes(14));
        watch.Observe("training models: vae 90 %|0");
        time.Advance(TimeSpan.FromMinutes(14));
        Assert.Null(watch.StalledFor(allowance));

        watch.Observe("training models: vae 90 %|0");
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(TimeSpan.FromMinutes(16), watch.StalledFor(allowance));
        Assert.Equal(time.GetUtcNow() - TimeSpan.FromMinutes(16), watch.LastAdvanceUtc);

        watch.Observe("searching (1 blocks running)|6");
        Assert.Null(watch.StalledFor(allowance));
    }
}
