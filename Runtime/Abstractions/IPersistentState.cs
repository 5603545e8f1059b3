namespace LstmActors.Runtime;

/// <summary>A grain's durable state (Orleans' IPersistentState): read at activation, written when the grain says so.</summary>
public interface IPersistentState<TState>
{
    /// <summary>The state value; a new instance when nothing was stored.</summary>
    TState State { get; set; }

    /// <summary>The etag of the stored version this copy came from; null if nothing is stored.</summary>
    string? Etag { get; }

    /// <summary>Whether a stored record exists.</summary>
    bool RecordExists { get; }

    /// <summary>Reloads the state from storage.</summary>
    Task ReadStateAsync();

    /// <summary>Writes the state; durable when the task completes; a stale etag throws <see cref="Persistence.InconsistentStateException"/>.</summary>
    Task WriteStateAsync();

    /// <summary>Deletes the stored state and resets <see cref="State"/> to a new instance.</summary>
    Task ClearStateAsync();
}
