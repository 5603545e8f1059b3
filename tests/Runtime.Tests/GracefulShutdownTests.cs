using LstmActors.Runtime.Membership;
using LstmActors.Runtime.Persistence;
using Runtime.Tests.Grains;
using Runtime.Tests.Infrastructure;

namespace Runtime.Tests;

public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Stopping_silo_is_marked_shutting_down_saves_state_in_OnDeactivateAsync_and_leaves_as_dead_without_votes()
    {
        var storage = new InMemoryGrainStorage();
        await using var cluster = await ClusterFixture.StartAsync(storage, new LogCapture(), options => options.InitialSilosCount = 3);
        var keys = Enumerable.Range(0, 24).Select(i => $"handoff-state-{Guid.NewGuid():N}").ToArray();
        foreach (var key in keys) await cluster.Client.GetGrain<IHandOffGrain>(key).Add(5);
        var leaving = cluster.Silos.First(s => keys.Any(k => s.Silo.Catalog.Find(k).Count == 1));
        var onLeaving = keys.Where(k => leaving.Silo.Catalog.Find(k).Count == 1).ToArray();

        await cluster.StopSiloAsync(leaving);
        await cluster.WaitForLivenessToStabilizeAsync();

        foreach (var key in onLeaving)
        {
            // The silo was ShuttingDown (and nobody else was) while its grains deactivated.
            Assert.Equal([SiloStatus.ShuttingDown], HandOffGrain.StatusesAtDeactivation[key].Where(s => s != SiloStatus.Active));
            Assert.Equal(5, await cluster.Client.GetGrain<IHandOffGrain>(key).Stored());
            Assert.NotEqual(leaving.SiloAddress, cluster.Silos.Single(s => s.Silo.Catalog.Find(key).Count == 1).SiloAddress);
        }
        var row = (await cluster.MembershipTable.ReadAllAsync()).Rows.Single(r => r.Entry.Silo.Equals(leaving.SiloAddress)).Entry;
        Assert.Equal(SiloStatus.Dead, row.Status);
        Assert.Empty(row.Suspicions);
    }
}
