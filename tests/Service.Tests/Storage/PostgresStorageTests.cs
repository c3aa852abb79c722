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

    [Fact]
    public async Task Installer_IsIdempotent_EvenFromTwoSilosAtOnce()
    {
        await using var schema = await PostgresTestSchema.CreateAsync();
        if (schema is null)
        {
            return;
        }

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

    [Fact]
    public async Task ClusteringGrainStateAndReminders_SurviveASiloRestart()
    {
        await using var schema = await PostgresTestSchema.CreateAsync();
        if (schema is null)
        {
            return;
        }

        void Configure(LseClusterOptions o)
        {
            o.Mode = ClusterMode.PostgreSql;
            o.PostgresConnectionString = schema.ConnectionString;
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
    public async Task UnreachableServer_GivesAnErrorNamingTheDatabase()
    {
        // Port 1 on the loopback: refused at once, no server needed.
        var error = await Assert.ThrowsAsync<StorageSetupException>(() =>
            new StorageSchemaInstaller().InstallPostgresAsync("Host=127.0.0.1;Port=1;Username=lse;Password=secret;Database=lse_nowhere;Timeout=5"));

        Assert.Contains("'lse_nowhere' on 127.0.0.1:1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }
}
