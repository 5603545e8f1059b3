using Runtime.Tests.Grains;
using Runtime.Tests.Infrastructure;

namespace Runtime.Tests;

[Collection(ClusterCollection.Name)]
public sealed class StatelessWorkerTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Stateless_worker_scales_out_locally_up_to_its_maximum()
    {
        var silo = fixture.Cluster.Silos[0];
        var grain = silo.GrainFactory.GetGrain<IWorkerGrain>("worker");
        var calls = Enumerable.Range(0, 8).Select(_ => grain.Work()).ToArray();

        await Eventually.HoldsAsync(() => Volatile.Read(ref WorkerGrain.Inside) == 3, "three workers busy at once");
        Assert.All(calls, c => Assert.False(c.IsCompleted));
        WorkerGrain.Gate.TrySetResult();
        var ids = await Task.WhenAll(calls);

        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal(3, WorkerGrain.MaxInside);
        Assert.Equal(3, silo.Silo.Catalog.Find("worker").Count);
        Assert.All(fixture.Cluster.Silos.Where(s => s != silo), other => Assert.Empty(other.Silo.Catalog.Find("worker")));
    }
}
