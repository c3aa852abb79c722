using System.Data.Common;
using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Lse.Client.Cluster;
using Orleans.Lse.Grains.Hosting;

namespace Orleans.Lse.Grains.Storage;

/// <summary>
/// Creates the tables and the <c>OrleansQuery</c> rows that Orleans' ADO.NET providers need, from the SQL scripts
/// embedded in this assembly (<c>Storage/Sql</c>). Safe to run at every start and from several silos at once: the
/// scripts only create what is missing and upsert the queries; SQLite serialises writers, and PostgreSQL runs them in
/// one transaction under an advisory lock. A file that is not a SQLite database is reported and never touched.
/// </summary>
public sealed partial class StorageSchemaInstaller
{
    /// <summary>Scripts per mode, in order (the query table first).</summary>
    internal static IReadOnlyList<string> ScriptsFor(ClusterMode mode) => mode switch
    {
        ClusterMode.Localhost => ["Sqlite/Main.sql", "Sqlite/Persistence.sql", "Sqlite/Reminders.sql"],
        ClusterMode.PostgreSql => ["PostgreSql/Main.sql", "PostgreSql/Clustering.sql", "PostgreSql/Persistence.sql", "PostgreSql/Reminders.sql"],
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown cluster mode."),
    };

    // Any fixed 64-bit number: the key of the advisory lock that serialises schema set-up within a PostgreSQL database.
    private const long PostgresSetupLock = 0x4C53_4553_6368_656D; // "LSESchem"

    private static ReadOnlySpan<byte> SqliteHeader => "SQLite format 3\0"u8;

    private readonly ILogger _logger;

    public StorageSchemaInstaller(ILogger<StorageSchemaInstaller>? logger = null)
    {
        _logger = logger ?? NullLogger<StorageSchemaInstaller>.Instance;
    }

    /// <summary>Sets up the database of <paramref name="options"/>'s mode.</summary>
    /// <exception cref="StorageSetupException">The database is unreachable, not a database, corrupt, or set-up failed.</exception>
    public Task InstallAsync(LseClusterOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Mode switch
        {
            ClusterMode.Localhost => InstallSqliteAsync(options.ResolvedSqlitePath, cancellationToken),
            ClusterMode.PostgreSql => InstallPostgresAsync(
                options.PostgresConnectionString ?? throw new StorageSetupException($"{LseClusterOptions.Section}:PostgresConnectionString is required when {LseClusterOptions.Section}:Mode is PostgreSql."),
                cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Mode, "Unknown cluster mode."),
        };
    }

    /// <summary>
    /// Creates the SQLite file (and its directory) if missing, switches it to WAL (readers do not block the writer) and
    /// applies the scripts.
    /// </summary>
    public async Task InstallSqliteAsync(string path, CancellationToken cancellationToken = default)
    {
        var fullPath = Path.GetFullPath(path);
        var started = Stopwatch.GetTimestamp();
        CheckIsSqliteFile(fullPath);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
            await using var connection = new SqliteConnection(LseStorage.SqliteConnectionString(fullPath));
            await connection.OpenAsync(cancellationToken);

            // Persistent in the file; it cannot change inside a transaction, so it comes first.
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA journal_mode = WAL;";
            var journalMode = await pragma.ExecuteScalarAsync(cancellationToken);
            if (!string.Equals(journalMode as string, "wal", StringComparison.OrdinalIgnoreCase))
            {
                LogNoWal(fullPath, journalMode as string ?? "?");
            }

            // BEGIN IMMEDIATE: a second installer waits for the first instead of interleaving with it.
            await using var transaction = connection.BeginTransaction(deferred: false);
            foreach (var script in ScriptsFor(ClusterMode.Localhost))
            {
                await ExecuteAsync(connection, transaction, ReadScript(script), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 26) // SQLITE_NOTADB
        {
            throw new StorageSetupException(NotSqliteMessage(fullPath, e.Message), e);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 11) // SQLITE_CORRUPT
        {
            throw new StorageSetupException(
                $"The grain state database '{fullPath}' is corrupt ({e.Message}). It was left as it is: restore it from a backup, or move it away to start with an empty one.", e);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new StorageSetupException($"Cannot set up the grain state database '{fullPath}': {e.Message}", e);
        }

        LogInstalled("SQLite", fullPath, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>
    /// Applies the scripts to the first schema of the connection's search path, in one transaction, under an advisory
    /// lock (two silos that start together would otherwise race on <c>CREATE TABLE IF NOT EXISTS</c>).
    /// </summary>
    public async Task InstallPostgresAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var target = DescribePostgres(connectionString);
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({PostgresSetupLock});", cancellationToken);
            foreach (var script in ScriptsFor(ClusterMode.PostgreSql))
            {
                await ExecuteAsync(connection, transaction, ReadScript(script), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            throw new StorageSetupException($"Cannot set up the grain state database {target}: {e.Message}", e);
        }

        LogInstalled("PostgreSQL", target, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>The text of an embedded script, e.g. "Sqlite/Main.sql".</summary>
    internal static string ReadScript(string name)
    {
        // MSBuild names embedded resources after the root namespace and the folders, joined by dots.
        var resource = $"{typeof(StorageSchemaInstaller).Namespace}.Sql.{name.Replace('/', '.')}";
        using var stream = typeof(StorageSchemaInstaller).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The SQL script '{name}' is not embedded in {typeof(StorageSchemaInstaller).Assembly.GetName().Name} (resource {resource}).");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    // Reads the 16-byte header instead of letting SQLite open the file: nothing is written to (or created beside) a
    // file that is not a database. An empty file is a valid, empty database to SQLite.
    private static void CheckIsSqliteFile(string fullPath)
    {
        if (!File.Exists(fullPath))
        {
            return;
        }

        Span<byte> header = stackalloc byte[16];
        int read;
        try
        {
            using var file = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (file.Length == 0)
            {
                return;
            }

            read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageSetupException($"Cannot read the grain state database '{fullPath}': {e.Message}", e);
        }

        if (read < header.Length || !header.SequenceEqual(SqliteHeader))
        {
            throw new StorageSetupException(NotSqliteMessage(fullPath, "it does not start with the SQLite header"));
        }
    }

    private static string NotSqliteMessage(string fullPath, string reason) =>
        $"The grain state database '{fullPath}' is not a SQLite database ({reason}). It was left as it is: move it away, or set {LseClusterOptions.Section}:SqlitePath to another file.";

    // Host, port, database and user, never the password.
    private static string DescribePostgres(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"'{builder.Database}' on {builder.Host}:{builder.Port} (user '{builder.Username}')";
        }
        catch (ArgumentException e)
        {
            throw new StorageSetupException($"{LseClusterOptions.Section}:PostgresConnectionString is not a valid Npgsql connection string: {e.Message}", e);
        }
    }

    // A whole script in one command: both drivers run every statement of it.
    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
