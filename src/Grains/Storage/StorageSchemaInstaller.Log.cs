using Microsoft.Extensions.Logging;

namespace Orleans.Lse.Grains.Storage;

public sealed partial class StorageSchemaInstaller
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Grain state database ready: {Engine} {Database} ({ElapsedMs:F0} ms)")]
    private partial void LogInstalled(string engine, string database, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQLite database {Path} stays in journal mode {Mode} (WAL not available on this file system); readers may block writers")]
    private partial void LogNoWal(string path, string mode);
}
