using System.Collections.Concurrent;
using LstmActors.Runtime.Messaging;
using LstmActors.Runtime.Silos;

namespace LstmActors.Runtime.Activation;

/// <summary>The silo's local activations: at most one per grain id (a pool per id for stateless workers); idle collection.</summary>
internal sealed class Catalog(Silo silo)
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private readonly ConcurrentDictionary<GrainId, StatelessWorkerPool> _workers = new();
    private readonly Lock _createLock = new();

    public int Count => _activations.Count + _workers.Values.Sum(p => p.Snapshot().Count);

    /// <summary>The activation of <paramref name="grainId"/> on this silo, created (and started) if there is none.</summary>
    public ActivationData GetOrCreate(GrainId grainId, GrainClassInfo grainClass)
    {
        if (_activations.TryGetValue(grainId, out var activation) && activation.State != ActivationState.Invalid) return activation;
        lock (_createLock)
        {
            if (_activations.TryGetValue(grainId, out activation) && activation.State != ActivationState.Invalid) return activation;
            activation = Create(grainId, grainClass);
            _activations[grainId] = activation;
            return activation;
        }
    }

    private ActivationData Create(GrainId grainId, GrainClassInfo grainClass)
    {
        var activation = new ActivationData(grainId, grainClass, silo);
        activation.Start();
        return activation;
    }

    public void DispatchToStatelessWorker(GrainId grainId, GrainClassInfo grainClass, Message message)
        => _workers.GetOrAdd(grainId, id => new StatelessWorkerPool(id, grainClass)).Pick(Create).Enqueue(message);

    public void Remove(ActivationData activation)
    {
        if (activation.Class.IsStatelessWorker)
        {
            if (_workers.TryGetValue(activation.GrainId, out var pool)) pool.Remove(activation);
        }
        else _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation));
    }

    public IEnumerable<ActivationData> All() => _activations.Values.Concat(_workers.Values.SelectMany(p => p.Snapshot()));

    /// <summary>Local activations of grain <paramref name="key"/> (all classes), for tests and diagnostics.</summary>
    public IReadOnlyList<ActivationData> Find(string key) => All().Where(a => a.GrainId.Key == key && a.State != ActivationState.Invalid).ToArray();

    /// <summary>Asks every activation idle longer than <paramref name="age"/> to deactivate.</summary>
    public void CollectIdle(TimeSpan age)
    {
        long now = Environment.TickCount64;
        foreach (var activation in All())
        {
            if (activation.State == ActivationState.Valid && now - activation.LastActivityMs >= (long)age.TotalMilliseconds)
                activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ActivationIdle, $"Idle for more than {age}."), onlyIfIdle: true);
        }
    }

    /// <summary>Deactivates every activation for which <paramref name="moved"/> holds; returns when they are all gone.</summary>
    public Task DeactivateAsync(Func<ActivationData, bool> moved, DeactivationReason reason)
    {
        var leaving = All().Where(moved).ToArray();
        foreach (var activation in leaving) activation.RequestDeactivation(reason, onlyIfIdle: false);
        return Task.WhenAll(leaving.Select(a => a.Deactivated));
    }

    /// <summary>Drops everything without deactivation callbacks (the silo was killed).</summary>
    public void AbandonAll()
    {
        foreach (var activation in All()) activation.Abandon();
        _activations.Clear();
        _workers.Clear();
    }
}
