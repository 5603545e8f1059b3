using LstmActors.Runtime;

namespace Runtime.Tests.Grains;

public interface ITurnGrain : IGrainWithStringKey
{
    /// <summary>Records the sequence number, yields several times inside the turn, and notes any overlap with another turn.</summary>
    Task Work(int sequence);

    /// <summary>Like <see cref="Work"/>, but the turn's task ends off the activation (after an await that does not come back to it); returns the sequence number.</summary>
    Task<int> WorkOffContext(int sequence);

    /// <summary>Throws off the activation, after an await that does not come back to it.</summary>
    Task FailOffContext(string reason);

    Task<int> MaxConcurrentTurns();

    Task<List<int>> Sequence();

    /// <summary>Waits until <paramref name="count"/> calls are inside at once (only possible if turns interleave).</summary>
    Task<int> Rendezvous(int count);

    /// <summary>Blocks the turn until <see cref="Release"/> is called.</summary>
    Task Block();

    [AlwaysInterleave]
    Task Release();

    [AlwaysInterleave]
    Task<bool> IsBlocked();
}

public class TurnGrain : Grain, ITurnGrain
{
    private readonly List<int> _sequence = [];
    private readonly List<TaskCompletionSource> _arrivals = [];
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inside;
    private int _maxInside;
    private bool _blocked;

    public async Task Work(int sequence)
    {
        Enter();
        _sequence.Add(sequence);
        for (int i = 0; i < 3; i++) await Task.Yield();
        _inside--;
    }

    public async Task<int> WorkOffContext(int sequence)
    {
        Enter();
        _sequence.Add(sequence);
        await Task.Run(() => { }).ConfigureAwait(false);
        _inside--;
        return sequence;
    }

    public async Task FailOffContext(string reason)
    {
        await Task.Run(() => { }).ConfigureAwait(false);
        throw new InvalidOperationException(reason);
    }

    private void Enter()
    {
        _inside++;
        _maxInside = Math.Max(_maxInside, _inside);
    }

    public Task<int> MaxConcurrentTurns() => Task.FromResult(_maxInside);

    public Task<List<int>> Sequence() => Task.FromResult(_sequence.ToList());

    public async Task<int> Rendezvous(int count)
    {
        Enter();
        var arrival = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _arrivals.Add(arrival);
        if (_arrivals.Count >= count)
            foreach (var waiting in _arrivals) waiting.TrySetResult();
        await arrival.Task;
        _inside--;
        return _maxInside;
    }

    public async Task Block()
    {
        _blocked = true;
        await _gate.Task;
        _blocked = false;
    }

    public Task Release()
    {
        _gate.TrySetResult();
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return Task.CompletedTask;
    }

    public Task<bool> IsBlocked() => Task.FromResult(_blocked);
}

public interface IReentrantTurnGrain : ITurnGrain;

[Reentrant]
public sealed class ReentrantTurnGrain : TurnGrain, IReentrantTurnGrain;
