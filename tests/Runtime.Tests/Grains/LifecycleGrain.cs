using System.Collections.Concurrent;
using LstmActors.Runtime;

namespace Runtime.Tests.Grains;

public interface ILifecycleGrain : IGrainWithStringKey
{
    Task<string> GetActivationId();

    Task Deactivate();

    /// <summary>Completes after the timer registered at activation ticked <paramref name="ticks"/> times.</summary>
    Task<int> WaitForTimerTicks(int ticks);
}

/// <summary>Reports activations and deactivations (with reasons) per key.</summary>
public sealed class LifecycleGrain : Grain, ILifecycleGrain
{
    public static readonly ConcurrentDictionary<string, ConcurrentQueue<DeactivationReason>> Deactivations = new();
    public static readonly ConcurrentDictionary<string, TaskCompletionSource<DeactivationReason>> FirstDeactivation = new();
    private readonly string _activationId = Guid.NewGuid().ToString("N");
    private readonly List<(int Ticks, TaskCompletionSource<int> Done)> _tickWaiters = [];
    private int _ticks;

    public static Task<DeactivationReason> DeactivatedAsync(string key)
        => FirstDeactivation.GetOrAdd(key, _ => new TaskCompletionSource<DeactivationReason>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        RegisterTimer(_ =>
        {
            _ticks++;
            foreach (var waiter in _tickWaiters.Where(w => w.Ticks <= _ticks)) waiter.Done.TrySetResult(_ticks);
            return Task.CompletedTask;
        }, null, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10));
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        string key = this.GetPrimaryKeyString();
        Deactivations.GetOrAdd(key, _ => new()).Enqueue(reason);
        FirstDeactivation.GetOrAdd(key, _ => new TaskCompletionSource<DeactivationReason>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(reason);
        return Task.CompletedTask;
    }

    public Task<string> GetActivationId() => Task.FromResult(_activationId);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task<int> WaitForTimerTicks(int ticks)
    {
        if (_ticks >= ticks) return Task.FromResult(_ticks);
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _tickWaiters.Add((ticks, done));
        return done.Task;
    }
}
