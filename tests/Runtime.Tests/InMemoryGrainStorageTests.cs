using LstmActors.Runtime.Persistence;

namespace Runtime.Tests;

/// <summary>The memory store keeps one buffer per state and a lock per state: what it returns must still be exact and isolated.</summary>
public sealed class InMemoryGrainStorageTests
{
    private readonly InMemoryGrainStorage _storage = new();

    private static GrainStateKey Key(string name) => new("type", name, "state");

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public async Task States_that_grow_and_shrink_read_back_exactly()
    {
        string? etag = null;
        foreach (var (length, seed) in new[] { (1000, 1), (10, 2), (1100, 3), (990, 4), (0, 5), (2000, 6) })
        {
            etag = await _storage.WriteAsync(Key("a"), Bytes(length, seed), etag);
            var stored = await _storage.ReadAsync(Key("a"));
            Assert.Equal(Bytes(length, seed), stored!.Data);
            Assert.Equal(etag, stored.ETag);
        }
    }

    [Fact]
    public async Task The_store_keeps_its_own_copy_and_hands_out_copies()
    {
        var written = Bytes(100, seed: 1);
        var etag = await _storage.WriteAsync(Key("a"), written, null);
        // The caller reuses its buffer after the write: the stored state must not change with it.
        Array.Clear(written);
        var read = (await _storage.ReadAsync(Key("a")))!.Data;
        Assert.Equal(Bytes(100, seed: 1), read);

        // Nor may a later write into the same kept bytes change what an earlier read returned.
        await _storage.WriteAsync(Key("a"), Bytes(100, seed: 2), etag);
        Assert.Equal(Bytes(100, seed: 1), read);
    }

    [Fact]
    public async Task A_cleared_state_starts_again_from_no_etag_and_old_etags_are_refused()
    {
        var first = await _storage.WriteAsync(Key("a"), Bytes(10, seed: 1), null);
        await _storage.ClearAsync(Key("a"), first);
        Assert.Null(await _storage.ReadAsync(Key("a")));

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteAsync(Key("a"), Bytes(10, seed: 2), first).AsTask());
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearAsync(Key("a"), first));
        var again = await _storage.WriteAsync(Key("a"), Bytes(10, seed: 3), null);
        Assert.NotEqual(first, again);
        Assert.Equal(Bytes(10, seed: 3), (await _storage.ReadAsync(Key("a")))!.Data);
    }

    [Fact]
    public async Task Of_writers_racing_with_the_same_etag_exactly_one_wins()
    {
        var etag = await _storage.WriteAsync(Key("a"), Bytes(10, seed: 0), null);
        using var start = new Barrier(8);
        var outcomes = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => Task.Run(async () =>
        {
            start.SignalAndWait();
            try
            {
                await _storage.WriteAsync(Key("a"), Bytes(64, seed: i), etag);
                return i;
            }
            catch (InconsistentStateException)
            {
                return 0;
            }
        })));

        int winner = Assert.Single(outcomes, o => o != 0);
        Assert.Equal(Bytes(64, seed: winner), (await _storage.ReadAsync(Key("a")))!.Data);
    }

    [Fact]
    public async Task Writers_of_different_states_in_parallel_each_read_back_their_own_last_bytes()
    {
        await Task.WhenAll(Enumerable.Range(0, 32).Select(k => Task.Run(async () =>
        {
            string? etag = null;
            for (int i = 0; i < 200; i++) etag = await _storage.WriteAsync(Key($"k{k}"), Bytes(50 + (i * 7 + k) % 400, seed: k * 1000 + i), etag);
        })));

        for (int k = 0; k < 32; k++)
            Assert.Equal(Bytes(50 + (199 * 7 + k) % 400, seed: k * 1000 + 199), (await _storage.ReadAsync(Key($"k{k}")))!.Data);
    }
}
