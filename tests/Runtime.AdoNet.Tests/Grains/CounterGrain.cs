using LstmActors.Runtime;

namespace LstmActors.Runtime.AdoNet.Tests.Grains;

/// <summary>The persisted state of <see cref="CounterGrain"/>.</summary>
public sealed class CounterState
{
    /// <summary>How many increments were written.</summary>
    public int Count { get; set; }
}

/// <summary>A grain whose every increment is written to grain storage before it returns.</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds one, writes the state, returns the new count.</summary>
    Task<int> Increment();

    /// <summary>The count as held by the activation.</summary>
    Task<int> Get();
}

/// <summary>Counts in persistent state named "counter" of the default storage.</summary>
public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> counter) : Grain, ICounterGrain
{
    /// <inheritdoc />
    public async Task<int> Increment()
    {
        counter.State.Count++;
        await counter.WriteStateAsync();
        return counter.State.Count;
    }

    /// <inheritdoc />
    public Task<int> Get() => Task.FromResult(counter.State.Count);
}
