namespace Orleans.Lse.Service.Tests.Storage;

/// <summary>A grain with durable state and a reminder, to check that both reach the database and come back.</summary>
public interface IStorageProbeGrain : IGrainWithStringKey
{
    Task SetValue(string value);

    Task<StorageProbeState> GetState();

    /// <summary>Registers reminder "probe" (first tick after <paramref name="dueTime"/>, then every minute).</summary>
    Task RegisterReminder(TimeSpan dueTime);

    Task<bool> HasReminder();

    Task UnregisterReminder();
}
