using System.Data;
using Npgsql;
using Orleans.Lse.Client.Cluster;
using Orleans.Lse.Grains.Hosting;
using Orleans.Lse.Grains.Storage;

namespace Orleans.Lse.Service.Tests.Storage;

/// <summary>
/// PostgreSql mode against a real server (<c>LSE_TEST_POSTGRES</c>; <c>LSE_SKIP_POSTGRES=1</c> skips): the schema,
/// and ADO.NET clustering, grain state and reminders across a silo restart.
/// </summary>
public sealed class PostgresStorageTests
{
    private static readonly string[] ClusteringQueries =
    [
        "CleanupDefunctSiloEntriesKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey", "InsertMembershipKey", "InsertMembershipVersionKey",
        "MembershipReadAllKey", "MembershipReadRowKey", "UpdateIAmAlivetimeKey", "UpdateMembershipKey",
    ];

    [SkippableFact]
    [Trait(TestCategory.Name, TestCategory.Postgres)]
    public async Task Installer_IsIdempotent_EvenFromTwoSilosAtOnce()
    {
        await using var schema = await PostgresTestSchema.CreateAsync();

        var installer = new StorageSchemaInstaller();
        await installer.InstallPostgresAsync(schema.ConnectionString);
        await schema.QueryAsync("INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('SomeoneElsesKey', 'SELECT 1')");
        await installer.InstallPostgresAsync(schema.ConnectionString);
        await Task.WhenAll(installer.InstallPostgresAsync(schema.ConnectionString), installer.InstallPostgresAsync(schema.ConnectionString));

        string[] tables = ["orleansmembershiptable", "orleansmembershipversiontable", "orleansquery", "orleansreminderstable", "orleansstorage"];
        Assert.Equal(tables, await schema.QueryAsync($"SELECT table_name FROM information_schema.tables WHERE table_schema = '{schema.Schema}' ORDER BY table_name COLLATE \"C\""));
        string[] queries = [.. ClusteringQueries, .. SqliteStorageTests.PersistenceQueries, .. SqliteStorageTests.ReminderQueries, "SomeoneElsesKey"];
        Assert.Equal(queries.Order(StringComparer.Ordinal), await schema.QueryAsync("SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey COLLATE \"C\""));
    }

    [SkippableFact]
    [Trait(TestCategory.Name, TestCategory.Postgres)]
    public async Task Queries_EnforceGrainStateAndMembershipVersions()
    {
        await using var schema = await PostgresTestSchema.CreateAsync();

        await new StorageSchemaInstaller().InstallPostgresAsync(schema.ConnectionString);
        await using var connection = new NpgsqlConnection(schema.ConnectionString);
        await connection.OpenAsync();
        await OrleansQueryRunner.CheckGrainStateVersionsAsync(connection);

        // Membership: every change names the table version it read; a stale version changes nothing and returns 0.
        var now = DateTime.UtcNow;
        (string, object?, DbType)[] Silo(int port) =>
            [("DeploymentId", "c", DbType.String), ("Address", "10.0.0.1", DbType.AnsiString), ("Port", port, DbType.Int32), ("Generation", 7, DbType.Int32)];
        Task<List<object?>> Insert(int port, int version) => OrleansQueryRunner.RunAsync(connection, "InsertMembershipKey",
            [.. Silo(port), ("SiloName", "silo", DbType.String), ("HostName", "host", DbType.String), ("Status", 3, DbType.Int32), ("ProxyPort", 30000, DbType.Int32),
             ("StartTime", now, DbType.DateTime), ("IAmAliveTime", now, DbType.DateTime), ("Version", version, DbType.Int32)]);
        Task<List<object?>> Update(int port, int version, DateTime alive) => OrleansQueryRunner.RunAsync(connection, "UpdateMembershipKey",
            [.. Silo(port), ("Status", 6, DbType.Int32), ("SuspectTimes", "suspected", DbType.String), ("IAmAliveTime", alive, DbType.DateTime), ("Version", version, DbType.Int32)]);
        async Task<string> Table() => string.Join(" ", await schema.QueryAsync(
            "SELECT 'v' || Version FROM OrleansMembershipVersionTable UNION ALL (SELECT Port || ':' || Status FROM OrleansMembershipTable ORDER BY Port)"));

        Assert.Equal(new object?[] { 1 }, await OrleansQueryRunner.RunAsync(connection, "InsertMembershipVersionKey", ("DeploymentId", "c", DbType.String)));
        Assert.Equal(new object?[] { 0 }, await OrleansQueryRunner.RunAsync(connection, "InsertMembershipVersionKey", ("DeploymentId", "c", DbType.String)));
        Assert.Equal(new object?[] { 1 }, await Insert(1, version: 0));
        Assert.Equal(new object?[] { 0 }, await Insert(2, version: 0)); // stale
        Assert.Equal(new object?[] { 0 }, await Insert(1, version: 1)); // already a member
        Assert.Equal("v1 1:3", await Table());
        Assert.Equal(new object?[] { 0 }, await Update(1, version: 0, now)); // stale
        Assert.Equal(new object?[] { 0 }, await Update(2, version: 1, now)); // not a member
        Assert.Equal(new object?[] { 1 }, await Update(1, version: 1, now.AddHours(-1)));
        Assert.Equal("v2 1:6", await Table());
        Assert.Equal(new[] { "0" }, await schema.QueryAsync($"SELECT count(*) FROM OrleansMembershipTable WHERE IAmAliveTime < '{now:O}'::timestamptz - interval '1 second'")); // never moves back
        await OrleansQueryRunner.RunAsync(connection, "CleanupDefunctSiloEntriesKey", ("DeploymentId", "c", DbType.String), ("IAmAliveTime", now.AddMinutes(1), DbType.DateTime));
        Assert.Equal("v2", await Table());
    }

    [SkippableFact]
    [Trait(TestCategory.Name, TestCategory.Postgres)]
    public async Task ClusteringGrainStateAndReminders_SurviveASiloRestart()
    {
        await using var schema = await PostgresTestSchema.CreateAsync();

        void Configure(LseClusterOptions o)
        {
            o.Mode = ClusterMode.PostgreSql;
            o.PostgresConnectionString = schema.ConnectionString;

            // These tests are about storage; ClusterKillTests runs the PostgreSQL cluster over mutual TLS.
            o.AllowPlaintext = true;
            o.ClusterId = "lse-test-" + schema.Schema;
        }

        var clusterFilter = $"DeploymentId = 'lse-test-{schema.Schema}'";
        await using (var first = await StorageTestSilo.StartAsync(StorageTestSilo.Options(Configure)))
        {
            // The client found the silo's gateway through the membership table.
            Assert.Equal(new[] { "3" }, await schema.QueryAsync($"SELECT Status FROM OrleansMembershipTable WHERE {clusterFilter}"));
            await StorageProbe.WriteAsync(first.Client, "restart");
        }

        Assert.Equal(new[] { "1" }, await schema.QueryAsync("SELECT count(*) FROM OrleansStorage WHERE PayloadBinary IS NOT NULL"));
        Assert.Equal(new[] { "1" }, await schema.QueryAsync("SELECT count(*) FROM OrleansRemindersTable"));

        await using (var second = await StorageTestSilo.StartAsync(StorageTestSilo.Options(Configure)))
        {
            // The first silo left as Dead (6), the second is Active (3).
            Assert.Equal(new[] { "3", "6" }, await schema.QueryAsync($"SELECT Status FROM OrleansMembershipTable WHERE {clusterFilter} ORDER BY Status"));
            await StorageProbe.ReadBackAsync(second.Client, "restart");
        }

        Assert.Equal(new[] { "0" }, await schema.QueryAsync("SELECT count(*) FROM OrleansRemindersTable"));
    }

    [Fact]
    [Trait(TestCategory.Name, TestCategory.Fast)]
    public async Task UnreachableServer_GivesAnErrorNamingTheDatabase()
    {
        // Port 1 on the loopback: refused at once, no server needed.
        var error = await Assert.ThrowsAsync<StorageSetupException>(() =>
            new StorageSchemaInstaller().InstallPostgresAsync("Host=127.0.0.1;Port=1;Username=lse;Password=secret;Database=lse_nowhere;Timeout=5"));

        Assert.Contains("'lse_nowhere' on 127.0.0.1:1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }
}
