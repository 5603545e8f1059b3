namespace LstmActors.Runtime.Persistence;

/// <summary>Durable store for grain state as bytes (Orleans' IGrainStorage); serialization is the caller's.</summary>
public interface IGrainStorage
{
    /// <summary>Creates the store's schema if needed (idempotent, versioned migrations).</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads a grain's state, or null if none was written (or it was cleared).</summary>
    Task<StoredState?> ReadAsync(GrainStateKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a grain's state if the stored etag equals <paramref name="expectedETag"/> (null: nothing stored yet);
    /// returns the new etag once the write is durable; throws <see cref="InconsistentStateException"/> otherwise.
    /// <paramref name="data"/> belongs to the caller again when the returned task ends: a store keeps its own copy.
    /// A ValueTask, so a store that finishes at once (in memory) allocates no task for a grain writing on every call.
    /// </summary>
    ValueTask<string> WriteAsync(GrainStateKey key, ReadOnlyMemory<byte> data, string? expectedETag, CancellationToken cancellationToken = default);

    /// <summary>Deletes a grain's state under the same etag check as <see cref="WriteAsync"/>.</summary>
    Task ClearAsync(GrainStateKey key, string? expectedETag, CancellationToken cancellationToken = default);
}

/// <summary>Names one piece of grain state: grain type, grain key and state name.</summary>
public sealed record GrainStateKey(string GrainType, string GrainKey, string StateName)
{
    /// <inheritdoc />
    public override string ToString() => $"{GrainType}/{GrainKey}/{StateName}";
}

/// <summary>State bytes as stored, with the etag to present on the next write.</summary>
public sealed record StoredState(byte[] Data, string ETag);

/// <summary>A write or clear presented a stale etag: someone else wrote the state since it was read.</summary>
public sealed class InconsistentStateException(GrainStateKey key, string? expectedETag, string? storedETag)
    : Exception($"Grain state '{key}' was written by someone else: expected etag '{expectedETag ?? "(none)"}', stored etag '{storedETag ?? "(none)"}'.")
{
    /// <summary>The state whose write was refused.</summary>
    public GrainStateKey Key { get; } = key;
}
