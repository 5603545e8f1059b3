using LstmActors.Runtime;

namespace LstmActors.Cluster.TestSilo;

/// <summary>The persisted state of <see cref="CounterGrain"/>.</summary>
public sealed class CounterState
{
    /// <summary>How many increments were written.</summary>
    public int Count { get; set; }
}

/// <summary>A count and the silo process that answered.</summary>
/// <param name="Count">The grain's count after the call.</param>
/// <param name="ProcessId">Process id of the silo that holds the activation.</param>
public sealed record CounterReply(int Count, int ProcessId);

/// <summary>A grain whose every increment is in grain storage before the call returns.</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds one, writes the state, returns the new count.</summary>
    Task<CounterReply> Increment();

    /// <summary>The count as held by the activation.</summary>
    Task<CounterReply> Get();
}

/// <summary>Counts in persistent state "counter" of the default storage.</summary>
public sealed class CounterGrain([PersistentState(CounterGrain.StateName)] IPersistentState<CounterState> counter) : Grain, ICounterGrain
{
    /// <summary>The name of the grain's state in storage.</summary>
    public const string StateName = "counter";

    /// <inheritdoc />
    public async Task<CounterReply> Increment()
    {
        counter.State.Count++;
        await counter.WriteStateAsync();
        return new CounterReply(counter.State.Count, Environment.ProcessId);
    }

    /// <inheritdoc />
    public Task<CounterReply> Get() => Task.FromResult(new CounterReply(counter.State.Count, Environment.ProcessId));
}
