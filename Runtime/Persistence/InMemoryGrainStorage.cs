using System.Collections.Concurrent;
using System.Globalization;

namespace LstmActors.Runtime.Persistence;

/// <summary>
/// Grain state in process memory (Orleans' memory storage): for tests and single-process use; lost on exit. Each state
/// has its own lock, so grains writing on every call never wait for each other, and a write copies into the bytes
/// already kept for that state when they are large enough, so state rewritten on every call does not churn the GC.
/// The etag is a version number, kept as a number: the string handed out is the caller's alone, so the store does not
/// point at a new object on every write (each such pointer is one more card for the next collection to scan).
/// </summary>
public sealed class InMemoryGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<GrainStateKey, Entry> _states = new();
    private long _nextVersion;

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<StoredState?> ReadAsync(GrainStateKey key, CancellationToken cancellationToken = default)
    {
        if (!_states.TryGetValue(key, out var entry)) return Task.FromResult<StoredState?>(null);
        lock (entry.Gate)
        {
            return Task.FromResult(entry.StoredVersion is not { } version ? null : new StoredState(entry.Data.AsSpan(0, entry.Length).ToArray(), ETagOf(version)));
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
                entry.Version = Interlocked.Increment(ref _nextVersion);
                return new ValueTask<string>(ETagOf(entry.Version));
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
        long? stored = entry.StoredVersion;
        bool matches = expectedETag is null
            ? stored is null
            : stored is { } version && long.TryParse(expectedETag, NumberStyles.None, CultureInfo.InvariantCulture, out long expected) && expected == version;
        if (!matches) throw new InconsistentStateException(key, expectedETag, stored is { } v ? ETagOf(v) : null);
    }

    private static string ETagOf(long version) => version.ToString(CultureInfo.InvariantCulture);

    /// <summary>One state's bytes (the first <see cref="Length"/>) and version; version 0: never written.</summary>
    private sealed class Entry
    {
        public readonly Lock Gate = new();
        public byte[] Data = [];
        public int Length;
        public long Version;
        public bool Removed;

        /// <summary>The version the etag names, or null when nothing is stored (never written, or cleared).</summary>
        public long? StoredVersion => Version == 0 || Removed ? null : Version;
    }
}
