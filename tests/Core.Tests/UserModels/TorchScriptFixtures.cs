namespace Orleans.Lse.Core.Tests.UserModels;

/// <summary>The committed TorchScript fixtures (tests/Fixtures/TorchScript, made by its make_fixtures.py) and the example.</summary>
internal static class TorchScriptFixtures
{
    /// <summary>The repository's root (the folder holding Orleans.Lse.sln).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>A path under tests/Fixtures/TorchScript.</summary>
    public static string File(params string[] parts) => Path.Combine([RepositoryRoot, "tests", "Fixtures", "TorchScript", .. parts]);

    /// <summary>The example of the README (models, manifest and images).</summary>
    public static string Example(params string[] parts) => Path.Combine([RepositoryRoot, "examples", "shapes", .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Orleans.Lse.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Orleans.Lse.sln above {AppContext.BaseDirectory}: the TorchScript fixtures are read from the checkout.");
    }
}
