namespace Orleans.Lse.Service.Tests;

/// <summary>What the machine running the tests provides.</summary>
internal static class TestEnvironment
{
    /// <summary>
    /// Under CI (<c>CI=true</c>, as <c>.ci/run</c> is run): the script starts every server the tests need, so a test that
    /// would be skipped for want of one fails instead.
    /// </summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
