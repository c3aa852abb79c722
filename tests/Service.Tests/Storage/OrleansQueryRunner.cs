using System.Data;
using System.Data.Common;

namespace Orleans.Lse.Service.Tests.Storage;

/// <summary>
/// Runs a query from <c>OrleansQuery</c> the way Orleans' providers do (named parameters with the providers' DbTypes,
/// every row of every result set), to check the scripts' contract directly, including the failure paths.
/// </summary>
internal static class OrleansQueryRunner
{
    /// <summary>The first column of every row the query returns.</summary>
    public static async Task<List<object?>> RunAsync(DbConnection connection, string queryKey, params (string Name, object? Value, DbType Type)[] parameters)
    {
        await using var lookup = connection.CreateCommand();
        lookup.CommandText = $"SELECT QueryText FROM OrleansQuery WHERE QueryKey = '{queryKey}'";
        var text = (string?)await lookup.ExecuteScalarAsync() ?? throw new InvalidOperationException($"No query {queryKey}.");

        await using var command = connection.CreateCommand();
        command.CommandText = text;
        foreach (var (name, value, type) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            parameter.DbType = type;
            command.Parameters.Add(parameter);
        }

        var values = new List<object?>();
        await using var reader = await command.ExecuteReaderAsync();
        do
        {
            while (await reader.ReadAsync())
            {
                values.Add(reader.IsDBNull(0) ? null : reader.GetValue(0));
            }
        }
        while (await reader.NextResultAsync());
        return values;
    }

    /// <summary>
    /// Grain state versions: the first write creates version 1, a write or clear must name the current version and
    /// gets the next one, a stale or missing version gets nothing back (Orleans then reports a conflict).
    /// </summary>
    public static async Task CheckGrainStateVersionsAsync(DbConnection connection)
    {
        Task<List<object?>> Run(string key, int? version, byte[]? payload = null) => RunAsync(connection, key,
            ("GrainIdHash", 11, DbType.Int32), ("GrainIdN0", 12L, DbType.Int64), ("GrainIdN1", 13L, DbType.Int64),
            ("GrainTypeHash", 14, DbType.Int32), ("GrainTypeString", "probe", DbType.String), ("GrainIdExtensionString", null, DbType.String),
            ("ServiceId", "svc", DbType.String), ("GrainStateVersion", version, DbType.Int32), ("PayloadBinary", payload ?? [1, 2, 3], DbType.Binary));

        Assert.Equal(new object?[] { 1 }, Ints(await Run("WriteToStorageKey", null)));
        Assert.Empty(await Run("WriteToStorageKey", null)); // a second "first write" loses
        Assert.Equal(new object?[] { 2 }, Ints(await Run("WriteToStorageKey", 1, [4, 5])));
        Assert.Empty(await Run("WriteToStorageKey", 1)); // stale
        Assert.Equal(new object?[] { 3 }, Ints(await Run("ClearStorageKey", 2)));
        Assert.Empty(await Run("ClearStorageKey", 2)); // stale
        Assert.Equal(new object?[] { null }, await Run("ReadFromStorageKey", null)); // cleared: no payload, row kept
        Assert.Equal(new object?[] { 4 }, Ints(await Run("WriteToStorageKey", 3, [6])));
        Assert.Equal(new object?[] { 5 }, Ints(await Run("DeleteStorageKey", 4)));
        Assert.Empty(await Run("ReadFromStorageKey", null));
    }

    public static object?[] Ints(IEnumerable<object?> values) =>
        [.. values.Select(v => v is null ? null : (object)Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture))];
}
