namespace LstmActors.Runtime.Persistence;

/// <summary>Grain state in process memory (Orleans' memory storage): for tests and single-process use; lost on exit.</summary>
public sealed class InMemoryGrainStorage : IGrainStorage
{
    private readonly Dictionary<GrainStateKey, StoredState> _states = [];
    private readonly Lock _lock = new();
    private long _nextETag;

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<StoredState?> ReadAsync(GrainStateKey key, CancellationToken cancellationToken = default)
    {
        lock (_lock) return Task.FromResult(_states.TryGetValue(key, out var state) ? state : null);
    }

    /// <inheritdoc />
    public Task<string> WriteAsync(GrainStateKey key, ReadOnlyMemory<byte> data, string? expectedETag, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            Check(key, expectedETag);
            string etag = (++_nextETag).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _states[key] = new StoredState(data.ToArray(), etag);
            return Task.FromResult(etag);
        }
    }

    /// <inheritdoc />
    public Task ClearAsync(GrainStateKey key, string? expectedETag, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            Check(key, expectedETag);
            _states.Remove(key);
            return Task.CompletedTask;
        }
    }

    private void Check(GrainStateKey key, string? expectedETag)
    {
        string? stored = _states.TryGetValue(key, out var state) ? state.ETag : null;
        if (stored != expectedETag) throw new InconsistentStateException(key, expectedETag, stored);
    }
}
