using System.Text.Json;
using LstmActors.Runtime;
using LstmActors.Runtime.Persistence;
using Runtime.Tests.Grains;
using Runtime.Tests.Infrastructure;

namespace Runtime.Tests;

[Collection(ClusterCollection.Name)]
public sealed class PersistenceTests(ClusterFixture fixture)
{
    private static GrainStateKey KeyOf(string key) => new(typeof(CounterGrain).FullName!, key, "counter");

    [Fact]
    public async Task State_is_written_and_read_back_by_the_next_activation()
    {
        string key = $"counter-{Guid.NewGuid():N}";
        var counter = fixture.Cluster.Client.GetGrain<ICounterGrain>(key);
        Assert.Equal(1, await counter.Increment());
        Assert.Equal(2, await counter.Increment());
        var stored = await fixture.Storage.ReadAsync(KeyOf(key));
        Assert.Equal(2, JsonSerializer.Deserialize<CounterState>(stored!.Data)!.Count);
        Assert.Equal(stored.ETag, await counter.Etag());

        await counter.Deactivate();
        await Eventually.HoldsAsync(() => fixture.Cluster.Silos.All(s => s.Silo.Catalog.Find(key).Count == 0), "the counter deactivated");
        Assert.Equal(2, await counter.Get());
        Assert.Equal(3, await counter.Increment());
    }

    [Fact]
    public async Task State_that_shrinks_is_stored_exactly_as_current_by_every_write()
    {
        string key = $"note-{Guid.NewGuid():N}";
        var note = fixture.Cluster.Client.GetGrain<INoteGrain>(key);
        var texts = new[] { new string('x', 5000), "short", new string('y', 300), "", "last one" };
        foreach (var text in texts)
        {
            await note.Write(text);
            var stored = await fixture.Storage.ReadAsync(new GrainStateKey(typeof(NoteGrain).FullName!, key, "note"));
            Assert.Equal(text, JsonSerializer.Deserialize<NoteState>(stored!.Data)!.Text);
        }

        await note.Deactivate();
        await Eventually.HoldsAsync(() => fixture.Cluster.Silos.All(s => s.Silo.Catalog.Find(key).Count == 0), "the note deactivated");
        Assert.Equal("last one", await note.Read());
    }

    [Fact]
    public async Task Stale_etag_fails_the_write_with_InconsistentStateException()
    {
        string key = $"conflict-{Guid.NewGuid():N}";
        var counter = fixture.Cluster.Client.GetGrain<ICounterGrain>(key);
        await counter.Increment();
        string? etag = await counter.Etag();
        // Another writer gets in between: the grain's etag is now stale.
        await fixture.Storage.WriteAsync(KeyOf(key), JsonSerializer.SerializeToUtf8Bytes(new CounterState { Count = 100 }), etag);

        var remote = await Assert.ThrowsAsync<RemoteGrainException>(() => counter.Increment());
        Assert.Equal(typeof(InconsistentStateException).FullName, remote.OriginalTypeName);
        Assert.Contains($"expected etag '{etag}'", remote.OriginalMessage);

        var host = fixture.Cluster.Silos.Single(s => s.Silo.Catalog.Find(key).Count == 1);
        var local = await Assert.ThrowsAsync<InconsistentStateException>(() => host.GrainFactory.GetGrain<ICounterGrain>(key).Increment());
        Assert.Equal(KeyOf(key), local.Key);
    }

    [Fact]
    public async Task Memory_storage_enforces_etags_for_writes_and_clears()
    {
        var storage = new InMemoryGrainStorage();
        var key = new GrainStateKey("type", "key", "state");
        string first = await storage.WriteAsync(key, new byte[] { 1 }, null);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(key, new byte[] { 2 }, null).AsTask());
        string second = await storage.WriteAsync(key, new byte[] { 2 }, first);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync(key, first));
        await storage.ClearAsync(key, second);
        Assert.Null(await storage.ReadAsync(key));
    }
}
