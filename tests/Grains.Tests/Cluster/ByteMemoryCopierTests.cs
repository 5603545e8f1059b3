using LstmActors.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;

namespace LstmActors.Grains.Tests.Cluster;

/// <summary>A silo set up by AddLstmActorsGrains copies serialized grain state (what Orleans' memory storage does on every write) with one block copy.</summary>
public sealed class ByteMemoryCopierTests
{
    [Fact]
    public async Task The_silo_copies_stored_state_bytes_whole_into_a_new_block()
    {
        var (cluster, _) = await Clusters.StartAsync(1);
        await using var _ = cluster;
        var services = cluster.Silos[0].Services();
        Assert.IsType<ByteMemoryCopier>(services.GetRequiredService<IDeepCopier<ReadOnlyMemory<byte>>>());

        var bytes = new byte[10_000];
        new Random(5).NextBytes(bytes);
        var state = new GrainState<ReadOnlyMemory<byte>>(bytes, "etag-1");
        var copy = services.GetRequiredService<DeepCopier>().Copy(state);
        Assert.NotSame(state, copy);
        Assert.Equal(bytes, copy.State.ToArray());
        Assert.Equal("etag-1", copy.ETag);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(copy.State, out var segment));
        Assert.NotSame(bytes, segment.Array);
    }
}
