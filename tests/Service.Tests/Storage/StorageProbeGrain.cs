using Orleans.Lse.Grains.Storage;
using Orleans.Runtime;

namespace Orleans.Lse.Service.Tests.Storage;

public sealed class StorageProbeGrain([PersistentState("probe", LseStorage.ProviderName)] IPersistentState<StorageProbeState> state)
    : Grain, IStorageProbeGrain, IRemindable
{
    private const string ReminderName = "probe";

    public async Task SetValue(string value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
    }

    public Task<StorageProbeState> GetState() => Task.FromResult(state.State);

    public Task RegisterReminder(TimeSpan dueTime) => this.RegisterOrUpdateReminder(ReminderName, dueTime, TimeSpan.FromMinutes(1));

    public async Task<bool> HasReminder() => await this.GetReminder(ReminderName) is not null;

    public async Task UnregisterReminder()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        state.State.Ticks++;
        await state.WriteStateAsync();
    }
}
