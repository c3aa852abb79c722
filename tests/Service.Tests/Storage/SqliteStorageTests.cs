using Microsoft.Data.Sqlite;
using Orleans.Lse.Grains.Hosting;
using Orleans.Lse.Grains.Storage;

namespace Orleans.Lse.Service.Tests.Storage;

/// <summary>Localhost mode: the SQLite schema, a database file that is not one, and durability across a silo restart.</summary>
[Trait(TestCategory.Name, TestCategory.Cluster)]
public sealed class SqliteStorageTests : IDisposable
{
    // Everything Orleans' AdoNetGrainStorage and AdoNetReminderTable look up in OrleansQuery.
    internal static readonly string[] PersistenceQueries = ["ClearStorageKey", "DeleteStorageKey", "ReadFromStorageKey", "WriteToStorageKey"];

    internal static readonly string[] ReminderQueries =
        ["DeleteReminderRowKey", "DeleteReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey", "ReadReminderRowsKey", "UpsertReminderRowKey"];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lse-storage-tests-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Installer_IsIdempotent_AndKeepsData()
    {
        var path = Path.Combine(_directory, "nested", "lse.db"); // the directory does not exist yet
        var installer = new StorageSchemaInstaller();
        await installer.InstallSqliteAsync(path);
        await ExecuteAsync(path, "INSERT INTO OrleansStorage (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, ServiceId, ModifiedOn, Version) VALUES (1, 2, 3, 4, 'kept', 'svc', CURRENT_TIMESTAMP, 1)");

        await installer.InstallSqliteAsync(path);
        await Task.WhenAll(installer.InstallSqliteAsync(path), installer.InstallSqliteAsync(path)); // two silos at once

        string[] tables = ["OrleansQuery", "OrleansRemindersTable", "OrleansStorage"];
        Assert.Equal(tables, await QueryAsync(path, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"));
        string[] queries = [.. PersistenceQueries, .. ReminderQueries];
        Assert.Equal(queries.Order(StringComparer.Ordinal), await QueryAsync(path, "SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey"));
        Assert.Equal(new[] { "kept" }, await QueryAsync(path, "SELECT GrainTypeString FROM OrleansStorage"));
        Assert.Equal(new[] { "wal" }, await QueryAsync(path, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task Queries_EnforceGrainStateVersions()
    {
        var path = Path.Combine(_directory, "lse.db");
        await new StorageSchemaInstaller().InstallSqliteAsync(path);
        await using var connection = new SqliteConnection(LseStorage.SqliteConnectionString(path));
        await connection.OpenAsync();
        await OrleansQueryRunner.CheckGrainStateVersionsAsync(connection);
    }

    [Theory]
    [InlineData("plain text")]
    [InlineData("damaged database")]
    public async Task Installer_RejectsFileThatIsNotADatabase_AndLeavesItUnchanged(string kind)
    {
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, "lse.db");
        var bytes = kind == "plain text"
            ? "this is not a database\n"u8.ToArray()
            : [.. "SQLite format 3\0"u8, .. Enumerable.Range(0, 4080).Select(i => (byte)(i * 7 + 3))]; // right magic, garbage after it
        await File.WriteAllBytesAsync(path, bytes);

        var error = await Assert.ThrowsAsync<StorageSetupException>(() => new StorageSchemaInstaller().InstallSqliteAsync(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a SQLite database", error.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
        Assert.Equal(new[] { "lse.db" }, Directory.GetFiles(_directory).Select(Path.GetFileName)); // no -wal/-shm beside it
    }

    [Fact]
    public async Task GrainStateAndReminders_SurviveASiloRestart()
    {
        var options = StorageTestSilo.Options(o => o.SqlitePath = Path.Combine(_directory, "service", "lse.db"));

        await using (var first = await StorageTestSilo.StartAsync(options))
        {
            await StorageProbe.WriteAsync(first.Client, "restart");
        }

        Assert.Equal(new[] { "1" }, await QueryAsync(options.ResolvedSqlitePath, "SELECT count(*) FROM OrleansStorage WHERE PayloadBinary IS NOT NULL"));
        // The pinned Orleans binary serializer, not JSON ('{' = 7B).
        Assert.NotEqual(new[] { "7B" }, await QueryAsync(options.ResolvedSqlitePath, "SELECT hex(substr(PayloadBinary, 1, 1)) FROM OrleansStorage"));
        Assert.Equal(new[] { "1" }, await QueryAsync(options.ResolvedSqlitePath, "SELECT count(*) FROM OrleansRemindersTable"));

        // A new silo process would start from the file alone; a new host in this process is the same thing.
        await using (var second = await StorageTestSilo.StartAsync(StorageTestSilo.Options(o => o.SqlitePath = options.SqlitePath)))
        {
            await StorageProbe.ReadBackAsync(second.Client, "restart");
        }

        Assert.Equal(new[] { "0" }, await QueryAsync(options.ResolvedSqlitePath, "SELECT count(*) FROM OrleansRemindersTable"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools(); // pooled connections keep the files open
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static async Task ExecuteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection(LseStorage.SqliteConnectionString(path));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> QueryAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection(LseStorage.SqliteConnectionString(path));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return values;
    }
}
