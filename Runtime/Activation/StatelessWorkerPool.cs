namespace LstmActors.Runtime.Activation;

/// <summary>The local activations of one [StatelessWorker] grain id: an idle one takes the call, else a new one up to the maximum, else the least loaded.</summary>
internal sealed class StatelessWorkerPool(GrainId grainId, GrainClassInfo grainClass)
{
    private readonly Lock _lock = new();
    private readonly List<ActivationData> _workers = [];

    public GrainId GrainId { get; } = grainId;

    public IReadOnlyList<ActivationData> Snapshot()
    {
        lock (_lock) return _workers.ToArray();
    }

    public ActivationData Pick(Func<GrainId, GrainClassInfo, ActivationData> create)
    {
        lock (_lock)
        {
            ActivationData? best = null;
            foreach (var worker in _workers)
            {
                if (worker.State is ActivationState.Deactivating or ActivationState.Invalid) continue;
                if (worker.Load == 0) return worker;
                if (best is null || worker.Load < best.Load) best = worker;
            }
            if (best is not null && _workers.Count >= grainClass.MaxLocalWorkers) return best;
            var created = create(GrainId, grainClass);
            _workers.Add(created);
            return created;
        }
    }

    public void Remove(ActivationData worker)
    {
        lock (_lock) _workers.Remove(worker);
    }
}
