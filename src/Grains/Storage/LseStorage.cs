using Microsoft.Data.Sqlite;

namespace Orleans.Lse.Grains.Storage;

/// <summary>Names shared by the grains, the silo and the storage set-up.</summary>
public static class LseStorage
{
    /// <summary>The grain storage provider: <c>[PersistentState("state", LseStorage.ProviderName)]</c>.</summary>
    public const string ProviderName = "lse";

    /// <summary>
    /// Orleans' ADO.NET invariant for SQLite. Orleans' <c>DbConnectionFactory</c> maps it to
    /// <c>Microsoft.Data.Sqlite.SqliteFactory</c> (assembly Microsoft.Data.Sqlite, static field <c>Instance</c>), not
    /// to the System.Data.SQLite package the name suggests; Microsoft.Data.Sqlite is what this project ships.
    /// </summary>
    public const string SqliteInvariant = "System.Data.SQLite";

    /// <summary>Orleans' ADO.NET invariant for PostgreSQL (<c>Npgsql.NpgsqlFactory</c>).</summary>
    public const string PostgresInvariant = Client.Cluster.LseClientBuilderExtensions.PostgresInvariant;

    /// <summary>
    /// The connection string the installer and the Orleans providers use for a SQLite file: pooled connections, and a
    /// 30-second wait when another connection holds the write lock (Microsoft.Data.Sqlite retries while busy).
    /// </summary>
    public static string SqliteConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(path),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();
}
