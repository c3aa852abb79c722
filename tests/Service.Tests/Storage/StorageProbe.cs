namespace Orleans.Lse.Service.Tests.Storage;

/// <summary>The durability scenario both engines run: state and a reminder written by one silo, read by the next.</summary>
internal static class StorageProbe
{
    public static async Task WriteAsync(IClusterClient client, string key)
    {
        var grain = client.GetGrain<IStorageProbeGrain>(key);
        await grain.SetValue("written by the first silo");
        await grain.RegisterReminder(TimeSpan.FromSeconds(1));

        // The first tick proves that the reminder service runs on this database (it also writes the state again).
        await Probe.Until("first silo", $"storage probe grain {key}", "ticked by its reminder", grain.GetState, state => state.Ticks > 0, TimeSpan.FromSeconds(60), state => $"{state.Ticks} ticks");
    }

    public static async Task ReadBackAsync(IClusterClient client, string key)
    {
        var grain = client.GetGrain<IStorageProbeGrain>(key);
        var state = await grain.GetState();
        Assert.Equal("written by the first silo", state.Value);
        Assert.True(state.Ticks >= 1, $"Expected the stored reminder tick, got {state.Ticks}.");
        Assert.True(await grain.HasReminder(), "The reminder registered by the first silo is gone.");

        // Writes after a restart still pass the version check, and unregistering deletes the reminder row.
        await grain.SetValue("written by the second silo");
        await grain.UnregisterReminder();
        Assert.False(await grain.HasReminder());
        Assert.Equal("written by the second silo", (await grain.GetState()).Value);
    }
}
