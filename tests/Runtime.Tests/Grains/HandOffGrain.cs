using System.Collections.Concurrent;
using LstmActors.Runtime;
using LstmActors.Runtime.Membership;

namespace Runtime.Tests.Grains;

public interface IHandOffGrain : IGrainWithStringKey
{
    /// <summary>Adds to an in-memory total that is only written to storage when the activation deactivates.</summary>
    Task Add(int amount);

    /// <summary>The stored total (what earlier activations saved).</summary>
    Task<int> Stored();
}

/// <summary>Saves its state only in OnDeactivateAsync, and notes the membership statuses it saw at that moment.</summary>
public sealed class HandOffGrain([PersistentState("handoff")] IPersistentState<CounterState> state, IMembershipTable table) : Grain, IHandOffGrain
{
    public static readonly ConcurrentDictionary<string, SiloStatus[]> StatusesAtDeactivation = new();
    private int _pending;

    public Task Add(int amount)
    {
        _pending += amount;
        return Task.CompletedTask;
    }

    public Task<int> Stored() => Task.FromResult(state.State.Count);

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        var data = await table.ReadAllAsync(cancellationToken);
        StatusesAtDeactivation[this.GetPrimaryKeyString()] = data.Rows.Select(r => r.Entry.Status).ToArray();
        state.State.Count += _pending;
        await state.WriteStateAsync();
    }
}
