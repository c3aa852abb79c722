using Npgsql;

namespace Orleans.Lse.Service.Tests.Storage;

/// <summary>
/// A fresh schema in the test database of <c>LSE_TEST_POSTGRES</c>, first on the search path of
/// <see cref="ConnectionString"/>, dropped on dispose, so that every test starts empty and reruns pass.
/// </summary>
internal sealed class PostgresTestSchema : IAsyncDisposable
{
    public const string Variable = "LSE_TEST_POSTGRES";
    public const string SkipVariable = "LSE_SKIP_POSTGRES";

    private readonly string _baseConnectionString;

    private PostgresTestSchema(string baseConnectionString, string schema)
    {
        _baseConnectionString = baseConnectionString;
        Schema = schema;
        ConnectionString = new NpgsqlConnectionStringBuilder(baseConnectionString) { SearchPath = schema }.ConnectionString;
    }

    public string Schema { get; }

    public string ConnectionString { get; }

    /// <summary>
    /// A new schema. Without a server (<c>LSE_SKIP_POSTGRES=1</c>, or no <c>LSE_TEST_POSTGRES</c>) the test is reported as
    /// skipped with the reason; under CI (<c>CI=true</c>), whose script starts a server, that is a failure instead.
    /// </summary>
    public static async Task<PostgresTestSchema> CreateAsync()
    {
        var baseConnectionString = Environment.GetEnvironmentVariable(Variable);
        bool skipped = Environment.GetEnvironmentVariable(SkipVariable) == "1";
        if (skipped || string.IsNullOrWhiteSpace(baseConnectionString))
        {
            string missing = skipped ? $"{SkipVariable}=1" : $"{Variable} is not set";
            string how = $"set {Variable} to an Npgsql connection string of a role that may create schemas, e.g. {Variable}='Host=localhost;Username=lse;Password=lse;Database=lse_test' "
                + "(scripts/postgres.sh sets one up and prints it; scripts/test.sh sources it)";
            if (TestEnvironment.IsCi)
            {
                Assert.Fail($"CI runs the PostgreSQL tests, but {missing}: {how}.");
            }

            throw new SkipException($"No PostgreSQL server ({missing}); to run this test, {how}.");
        }

        var schema = "lse_test_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(baseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
        await command.ExecuteNonQueryAsync();
        return new PostgresTestSchema(baseConnectionString, schema);
    }

    public async Task<List<string>> QueryAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return values;
    }

    public async ValueTask DisposeAsync()
    {
        // Pooled connections of the silos still point at the schema; close them first.
        await using (var pooled = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await using var connection = new NpgsqlConnection(_baseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
