using LstmActors.Runtime.AdoNet.Tests.Databases;
using LstmActors.Runtime.AdoNet.Tests.Skipping;
using LstmActors.Runtime.Persistence;

namespace LstmActors.Runtime.AdoNet.Tests.Contracts;

/// <summary>What every grain storage must do, run against each database kind by a concrete subclass.</summary>
public abstract class GrainStorageContract<TDatabase> : DatabaseContract<TDatabase> where TDatabase : TestDatabase, new()
{
    private readonly string keyPrefix = $"series-{Guid.NewGuid():N}";
    private IGrainStorage storage = null!;

    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        storage = Database.CreateGrainStorage();
        await storage.InitializeAsync();
    }

    [StoreFact]
    public async Task StateNeverWrittenReadsAsNull()
    {
        Assert.Null(await storage.ReadAsync(Key("a")));
    }

    [StoreFact]
    public async Task WrittenBytesAreReadBackWithTheReturnedETag()
    {
        var data = Bytes(1000, seed: 1);
        var etag = await storage.WriteAsync(Key("a"), data, null);

        var stored = await storage.ReadAsync(Key("a"));
        Assert.NotNull(stored);
        Assert.Equal(data, stored.Data);
        Assert.Equal(etag, stored.ETag);
    }

    [StoreFact]
    public async Task EveryWriteGetsANewETagAndTheCurrentOneWritesAgain()
    {
        var first = await storage.WriteAsync(Key("a"), Bytes(10, seed: 1), null);
        var second = await storage.WriteAsync(Key("a"), Bytes(20, seed: 2), first);
        var third = await storage.WriteAsync(Key("a"), Bytes(30, seed: 3), second);

        Assert.Equal(3, new[] { first, second, third }.Distinct().Count());
        var stored = await storage.ReadAsync(Key("a"));
        Assert.Equal(Bytes(30, seed: 3), stored!.Data);
        Assert.Equal(third, stored.ETag);
    }

    [StoreFact]
    public async Task AStaleETagIsRefusedNamingTheKeyAndBothETags()
    {
        var first = await storage.WriteAsync(Key("a"), Bytes(10, seed: 1), null);
        var second = await storage.WriteAsync(Key("a"), Bytes(10, seed: 2), first);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(Key("a"), Bytes(10, seed: 3), first).AsTask());
        Assert.Equal(Key("a"), error.Key);
        Assert.Contains(Key("a").ToString(), error.Message);
        Assert.Contains(first, error.Message);
        Assert.Contains(second, error.Message);
        Assert.Equal(Bytes(10, seed: 2), (await storage.ReadAsync(Key("a")))!.Data);
    }

    [StoreFact]
    public async Task WritingWithoutAnETagOverExistingStateIsRefused()
    {
        var etag = await storage.WriteAsync(Key("a"), Bytes(10, seed: 1), null);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(Key("a"), Bytes(10, seed: 2), null).AsTask());
        Assert.Contains(etag, error.Message);
        Assert.Equal(Bytes(10, seed: 1), (await storage.ReadAsync(Key("a")))!.Data);
    }

    [StoreFact]
    public async Task WritingWithAnETagWhereNothingIsStoredIsRefused()
    {
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(Key("a"), Bytes(10, seed: 1), "no-such-etag").AsTask());
        Assert.Null(await storage.ReadAsync(Key("a")));
    }

    [StoreFact]
    public async Task ClearedStateReadsAsNullAndStartsOverWithoutAnETag()
    {
        var etag = await storage.WriteAsync(Key("a"), Bytes(10, seed: 1), null);
        await storage.ClearAsync(Key("a"), etag);
        Assert.Null(await storage.ReadAsync(Key("a")));

        // An etag from before the clear must not match the state written after it.
        var again = await storage.WriteAsync(Key("a"), Bytes(10, seed: 2), null);
        Assert.NotEqual(etag, again);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(Key("a"), Bytes(10, seed: 3), etag).AsTask());
    }

    [StoreFact]
    public async Task ClearIsRefusedUnderTheSameETagCheckAsWrite()
    {
        var first = await storage.WriteAsync(Key("a"), Bytes(10, seed: 1), null);
        var second = await storage.WriteAsync(Key("a"), Bytes(10, seed: 2), first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync(Key("a"), first));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync(Key("a"), null));
        Assert.Equal(second, (await storage.ReadAsync(Key("a")))!.ETag);

        // Clearing what was never written, expecting nothing, is no change.
        await storage.ClearAsync(Key("never"), null);
        Assert.Null(await storage.ReadAsync(Key("never")));
    }

    [StoreFact]
    public async Task GrainTypeKeyAndStateNameEachSeparateState()
    {
        var key = Key("a");
        var keys = new[] { key, key with { GrainType = "other-type" }, key with { GrainKey = key.GrainKey + "-b" }, key with { StateName = "other-state" } };
        for (var i = 0; i < keys.Length; i++)
            await storage.WriteAsync(keys[i], Bytes(10, seed: i), null);

        for (var i = 0; i < keys.Length; i++)
            Assert.Equal(Bytes(10, seed: i), (await storage.ReadAsync(keys[i]))!.Data);
    }

    [StoreFact]
    public async Task OfWritersHoldingTheSameETagExactlyOneWins()
    {
        var writers = Enumerable.Range(0, 4).Select(_ => Database.CreateGrainStorage()).ToArray();
        var etag = await storage.WriteAsync(Key("contended"), Bytes(10, seed: 0), null);
        for (var round = 1; round <= 15; round++)
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var expected = etag;
            var writes = writers.Select((writer, i) => Task.Run(async () =>
            {
                await start.Task;
                try
                {
                    return (Writer: i, ETag: (string?)await writer.WriteAsync(Key("contended"), Bytes(10, seed: 100 * round + i), expected));
                }
                catch (InconsistentStateException e)
                {
                    Assert.Contains(Key("contended").ToString(), e.Message);
                    return (Writer: i, ETag: null);
                }
            })).ToArray();
            start.SetResult();
            var results = await Task.WhenAll(writes);

            var winner = Assert.Single(results, r => r.ETag is not null);
            var stored = await storage.ReadAsync(Key("contended"));
            Assert.Equal(winner.ETag, stored!.ETag);
            Assert.Equal(Bytes(10, seed: 100 * round + winner.Writer), stored.Data);
            etag = winner.ETag!;
        }
    }

    [StoreFact]
    public async Task RestartBringsBackTheLastWrittenState()
    {
        var etag = await storage.WriteAsync(Key("a"), Bytes(5000, seed: 1), null);
        etag = await storage.WriteAsync(Key("a"), Bytes(4000, seed: 2), etag);
        Database.DropPooledConnections();

        var restarted = Database.CreateGrainStorage();
        await restarted.InitializeAsync();
        var stored = await restarted.ReadAsync(Key("a"));
        Assert.Equal(Bytes(4000, seed: 2), stored!.Data);
        Assert.Equal(etag, stored.ETag);
        await restarted.WriteAsync(Key("a"), Bytes(10, seed: 3), etag);
    }

    [StoreFact]
    public async Task EmptyAndLargeStatesRoundTrip()
    {
        await storage.WriteAsync(Key("empty"), ReadOnlyMemory<byte>.Empty, null);
        await storage.WriteAsync(Key("large"), Bytes(4 << 20, seed: 7), null);

        Assert.Empty((await storage.ReadAsync(Key("empty")))!.Data);
        Assert.Equal(Bytes(4 << 20, seed: 7), (await storage.ReadAsync(Key("large")))!.Data);
    }

    private GrainStateKey Key(string name) => new("SeriesGrain", $"{keyPrefix}-{name}", "state");

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
