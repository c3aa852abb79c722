namespace Orleans.Lse.Service.Tests;

/// <summary>The repository the tests were built from (deploy/, scripts/, artifacts/).</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Orleans.Lse.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"No Orleans.Lse.sln above {AppContext.BaseDirectory}: the tests run from the repository's build.");
    }
}
