namespace Orleans.Lse.Tests;

/// <summary>
/// The <c>Category</c> trait of every test class, to pick a set: <c>dotnet test --filter Category=Fast</c> runs what
/// needs no data, training, server or silo (seconds); <c>./scripts/test.sh</c> runs everything.
/// </summary>
internal static class TestCategory
{
    public const string Name = "Category";

    /// <summary>No data set, no training, no silo, no server.</summary>
    public const string Fast = "Fast";

    /// <summary>Needs MNIST (fetched into the cache on first use) and trains small models.</summary>
    public const string Mnist = "Mnist";

    /// <summary>Trains small face models on the generated CelebA fixture (tens of seconds).</summary>
    public const string Faces = "Faces";

    /// <summary>Orleans silos in the test process.</summary>
    public const string Cluster = "Cluster";

    /// <summary>Silos as separate processes, killed and restarted.</summary>
    public const string Process = "Process";

    /// <summary>Needs a PostgreSQL server (<c>LSE_TEST_POSTGRES</c>); skipped without one, a failure under CI.</summary>
    public const string Postgres = "Postgres";

    /// <summary>A silo process and headless Chromium (Debian's <c>chromium</c>); skipped without it, a failure under CI.</summary>
    public const string Browser = "Browser";

    /// <summary>Needs a CUDA libtorch and device; skipped without one.</summary>
    public const string Cuda = "Cuda";
}
