using System.Collections.Concurrent;
using System.Globalization;

namespace LstmActors.Runtime.Persistence;

/// <summary>
/// Grain state in process memory (Orleans' memory storage): for tests and single-process use; lost on exit. Each state
/// has its own lock, so grains writing on every call never wait for each other, and a write copies into the bytes
/// already kept for that state when they are large enough, so state rewritten on every call does not churn the GC.
/// </summary>
public sealed class InMemoryGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<GrainStateKey, Entry> _states = new();
    private long _nextETag;

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<StoredState?> ReadAsync(GrainStateKey key, CancellationToken cancellationToken = default)
    {
        if (!_states.TryGetValue(key, out var entry)) return Task.FromResult<StoredState?>(null);
        lock (entry.Gate)
        {
            return Task.FromResult(entry.ETag is null || entry.Removed ? null : new StoredState(entry.Data.AsSpan(0, entry.Length).ToArray(), entry.ETag));
        }
    }

    /// <inheritdoc />
    public ValueTask<string> WriteAsync(GrainStateKey key, ReadOnlyMemory<byte> data, string? expectedETag, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var entry = _states.GetOrAdd(key, static _ => new Entry());
            lock (entry.Gate)
            {
                // Cleared between the lookup and the lock: start again with the entry now in the table.
                if (entry.Removed) continue;
                Check(key, entry, expectedETag);
                // Some slack, so a state that grows by a few digits keeps its bytes.
                if (entry.Data.Length < data.Length) entry.Data = new byte[data.Length + data.Length / 8];
                data.Span.CopyTo(entry.Data);
                entry.Length = data.Length;
                entry.ETag = Interlocked.Increment(ref _nextETag).ToString(CultureInfo.InvariantCulture);
                return new ValueTask<string>(entry.ETag);
            }
        }
    }

    /// <inheritdoc />
    public Task ClearAsync(GrainStateKey key, string? expectedETag, CancellationToken cancellationToken = default)
    {
        if (!_states.TryGetValue(key, out var entry))
        {
            if (expectedETag is not null) throw new InconsistentStateException(key, expectedETag, null);
            return Task.CompletedTask;
        }
        lock (entry.Gate)
        {
            Check(key, entry, expectedETag);
            entry.Removed = true;
            _states.TryRemove(new KeyValuePair<GrainStateKey, Entry>(key, entry));
            return Task.CompletedTask;
        }
    }

    private static void Check(GrainStateKey key, Entry entry, string? expectedETag)
    {
        string? stored = entry.Removed ? null : entry.ETag;
        if (stored != expectedETag) throw new InconsistentStateException(key, expectedETag, stored);
    }

    /// <summary>One state's bytes (the first <see cref="Length"/>) and etag; null etag: never written.</summary>
    private sealed class Entry
    {
        public readonly Lock Gate = new();
        public byte[] Data = [];
        public int Length;
        public string? ETag;
        public bool Removed;
    }
}
