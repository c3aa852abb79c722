using Orleans.Lse.Dashboard.Hosting;

namespace Orleans.Lse.Service.Tests.Dashboard;

/// <summary>The HTTP surface listens beyond this machine only with an API key; bad settings name themselves.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class DashboardOptionsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://[::1]:5080;http://127.0.0.1:0")]
    public void LoopbackNeedsNoKey(string urls) => new DashboardOptions { Urls = urls }.Validate();

    [Theory]
    [InlineData("http://0.0.0.0:5080", "0.0.0.0")]
    [InlineData("http://127.0.0.1:5080;http://10.1.2.3:5080", "10.1.2.3")]
    [InlineData("http://*:5080", "*")]
    public void AnyOtherAddressNeedsAKey(string urls, string named)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new DashboardOptions { Urls = urls }.Validate());
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains("ApiKey", error.Message, StringComparison.Ordinal);

        new DashboardOptions { Urls = urls, ApiKey = "a-key-of-sixteen-chars" }.Validate();
    }

    // Hosts a Uri reads as loopback but Kestrel as a name, so as every address.
    [Theory]
    [InlineData("http://x@127.0.0.1:5080")]
    [InlineData("http://127.0.0.1\\x:5080")]
    [InlineData("http://127.0.0.1#:5080")]
    [InlineData("http://localhost.example.com:5080")]
    public void HostsKestrelWouldBindToEveryAddressNeedAKey(string urls)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new DashboardOptions { Urls = urls }.Validate());
        Assert.Contains("Lse:Dashboard:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1:21", null, 1 << 20, "not an http(s) URL")]
    [InlineData("", null, 1 << 20, "empty")]
    [InlineData("http://127.0.0.1:5080", "short", 1 << 20, "at least 16")]
    [InlineData("http://127.0.0.1:5080", null, 10, "MaxRequestBodyBytes")]
    public void BadSettingsAreNamed(string urls, string? key, long maxBody, string named)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new DashboardOptions { Urls = urls, ApiKey = key, MaxRequestBodyBytes = maxBody }.Validate());
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
