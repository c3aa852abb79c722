using System.Collections.Concurrent;
using Orleans.Runtime.Diagnostics;
using static Orleans.Runtime.Diagnostics.DeploymentLoadPublisherEvents;

namespace Orleans.Lse.Grains.Placement;

/// <summary>
/// Activation counts of the cluster's silos as this silo's deployment load publisher last saw them (refreshed about
/// once a second), plus the activations this silo placed on each since, so a burst of placements between two
/// refreshes does not pile onto one silo.
/// </summary>
/// <remarks>
/// Orleans keeps those statistics internal; its diagnostic events are the public view. The listener is process-wide
/// (several silos share it in tests), so only the events this silo observed are kept. Registered as a silo lifecycle
/// participant only so that it is created, and subscribed, before the first statistics are published.
/// </remarks>
internal sealed class SiloLoadTracker : IObserver<DeploymentLoadPublisherEvent>, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly ConcurrentDictionary<SiloAddress, Load> _loads = new();
    private readonly SiloAddress _localSilo;
    private readonly IDisposable _subscription;

    public SiloLoadTracker(ILocalSiloDetails localSilo)
    {
        _localSilo = localSilo.SiloAddress;
        _subscription = DeploymentLoadPublisherEvents.AllEvents.Subscribe(this);
    }

    /// <summary>Last reported activation count plus placements made here since; 0 for a silo not yet reported.</summary>
    public int GetLoad(SiloAddress silo) => _loads.TryGetValue(silo, out var load) ? load.Current : 0;

    /// <summary>Counts an activation this silo just placed on <paramref name="silo"/>.</summary>
    public void RecordPlacement(SiloAddress silo) => _loads.GetOrAdd(silo, static _ => new Load(0)).AddPlacement();

    public void OnNext(DeploymentLoadPublisherEvent value)
    {
        switch (value)
        {
            case Published published when published.SiloAddress.Equals(_localSilo):
                _loads[published.SiloAddress] = new Load(published.Statistics.ActivationCount);
                break;
            case Received received when received.ReceiverSilo.Equals(_localSilo):
                _loads[received.FromSilo] = new Load(received.Statistics.ActivationCount);
                break;
            case Removed removed when removed.ObserverSilo.Equals(_localSilo):
                _loads.TryRemove(removed.RemovedSilo, out _);
                break;
        }
    }

    void ILifecycleParticipant<ISiloLifecycle>.Participate(ISiloLifecycle lifecycle)
    {
    }

    public void OnError(Exception error)
    {
    }

    public void OnCompleted()
    {
    }

    public void Dispose() => _subscription.Dispose();

    private sealed class Load(int reported)
    {
        private int _placedSinceReport;

        public int Current => reported + Volatile.Read(ref _placedSinceReport);

        public void AddPlacement() => Interlocked.Increment(ref _placedSinceReport);
    }
}
