using LstmActors.Runtime;
using LstmActors.Runtime.Membership;
using LstmActors.Runtime.Persistence;
using LstmActors.Runtime.Testing;
using Runtime.Tests.Grains;
using Runtime.Tests.Infrastructure;

namespace Runtime.Tests;

public sealed class FailureTests : IAsyncLifetime
{
    private readonly LogCapture _logs = new();
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
        => _cluster = await ClusterFixture.StartAsync(new InMemoryGrainStorage(), _logs, options => options.InitialSilosCount = 3);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private SiloHandle HostOf(string key) => _cluster.Silos.Single(s => s.Silo.Catalog.Find(key).Count == 1);

    [Fact]
    public async Task Killed_silo_is_declared_dead_and_its_grains_come_back_on_the_survivors()
    {
        var keys = Enumerable.Range(0, 30).Select(i => $"rehome-{i}").ToArray();
        var before = new Dictionary<string, string>();
        foreach (var key in keys) before[key] = await _cluster.Client.GetGrain<IIdentityGrain>(key).GetActivationId();
        var victim = HostOf(keys[0]);
        var victimAddress = victim.SiloAddress;
        var moved = keys.Where(k => victim.Silo.Catalog.Find(k).Count == 1).ToArray();

        await _cluster.KillSiloAsync(victim);
        await _cluster.WaitForLivenessToStabilizeAsync();

        var table = await _cluster.MembershipTable.ReadAllAsync();
        Assert.Equal(SiloStatus.Dead, table.Rows.Single(r => r.Entry.Silo.Equals(victimAddress)).Entry.Status);
        Assert.Equal(2, _cluster.Silos.Count);
        foreach (var key in keys)
        {
            string id = await _cluster.Client.GetGrain<IIdentityGrain>(key).GetActivationId();
            if (moved.Contains(key)) Assert.NotEqual(before[key], id);
            else Assert.Equal(before[key], id);
            Assert.NotEqual(victimAddress, HostOf(key).SiloAddress);
        }
    }

    [Fact]
    public async Task Gracefully_stopped_silo_deactivates_its_grains_and_they_come_back_elsewhere()
    {
        var keys = Enumerable.Range(0, 20).Select(i => $"handoff-{Guid.NewGuid():N}").ToArray();
        foreach (var key in keys) await _cluster.Client.GetGrain<ILifecycleGrain>(key).GetActivationId();
        var leaving = HostOf(keys[0]);
        var onLeaving = keys.Where(k => leaving.Silo.Catalog.Find(k).Count == 1).ToArray();

        await _cluster.StopSiloAsync(leaving);
        await _cluster.WaitForLivenessToStabilizeAsync();

        foreach (var key in onLeaving)
            Assert.Equal(DeactivationReasonCode.ShuttingDown, (await LifecycleGrain.DeactivatedAsync(key).WaitAsync(TimeSpan.FromSeconds(20))).ReasonCode);
        foreach (var key in keys)
        {
            await _cluster.Client.GetGrain<ILifecycleGrain>(key).GetActivationId();
            Assert.NotEqual(leaving.SiloAddress, HostOf(key).SiloAddress);
        }
    }

    [Fact]
    public async Task New_silo_takes_over_grains_placement_moves_to_it_and_restart_gets_a_new_generation()
    {
        var keys = Enumerable.Range(0, 40).Select(i => $"join-{Guid.NewGuid():N}").ToArray();
        foreach (var key in keys) await _cluster.Client.GetGrain<ILifecycleGrain>(key).GetActivationId();

        var added = await _cluster.StartAdditionalSiloAsync();
        foreach (var key in keys) await _cluster.Client.GetGrain<ILifecycleGrain>(key).GetActivationId();
        var moved = keys.Where(k => added.Silo.Catalog.Find(k).Count == 1).ToArray();
        Assert.NotEmpty(moved);
        foreach (var key in moved)
            Assert.Equal(DeactivationReasonCode.PlacementChanged, (await LifecycleGrain.DeactivatedAsync(key).WaitAsync(TimeSpan.FromSeconds(20))).ReasonCode);
        await Eventually.HoldsAsync(() => keys.All(k => _cluster.Silos.Sum(s => s.Silo.Catalog.Find(k).Count) == 1), "one activation per grain after the join");

        var restarted = await _cluster.RestartSiloAsync(added);
        Assert.Equal(added.SiloAddress.Port, restarted.SiloAddress.Port);
        Assert.True(restarted.SiloAddress.Generation > added.SiloAddress.Generation);
        foreach (var key in keys) await _cluster.Client.GetGrain<ILifecycleGrain>(key).GetActivationId();
        await Eventually.HoldsAsync(() => keys.All(k => _cluster.Silos.Sum(s => s.Silo.Catalog.Find(k).Count) == 1), "one activation per grain after the restart");
    }

    [Fact]
    public async Task Silo_that_finds_itself_declared_dead_stops_and_its_grains_re_home()
    {
        var keys = Enumerable.Range(0, 20).Select(i => $"zombie-{i}").ToArray();
        foreach (var key in keys) await _cluster.Client.GetGrain<IIdentityGrain>(key).GetActivationId();
        var victim = HostOf(keys[0]);
        var data = await _cluster.MembershipTable.ReadAllAsync();
        var row = data.Rows.Single(r => r.Entry.Silo.Equals(victim.SiloAddress));

        Assert.True(await _cluster.MembershipTable.UpdateRowAsync(row.Entry with { Status = SiloStatus.Dead }, row.ETag, data.Version.Next()));
        await victim.Silo.Stopped.WaitAsync(TimeSpan.FromSeconds(20));
        await _cluster.WaitForLivenessToStabilizeAsync();

        Assert.False(victim.IsActive);
        foreach (var key in keys)
        {
            await _cluster.Client.GetGrain<IIdentityGrain>(key).GetActivationId();
            Assert.NotEqual(victim.SiloAddress, HostOf(key).SiloAddress);
        }
    }
}
