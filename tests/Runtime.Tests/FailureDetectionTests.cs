using LstmActors.Runtime.Membership;
using LstmActors.Runtime.Persistence;
using LstmActors.Runtime.Testing;
using Runtime.Tests.Grains;
using Runtime.Tests.Infrastructure;

namespace Runtime.Tests;

/// <summary>Direct probes and suspicion votes; the IAmAlive fallback is switched off (a huge limit) unless a test needs it.</summary>
public sealed class FailureDetectionTests
{
    private readonly LogCapture _logs = new();

    private Task<TestCluster> StartAsync(int silos)
        => ClusterFixture.StartAsync(new InMemoryGrainStorage(), _logs, options =>
        {
            options.InitialSilosCount = silos;
            options.NumMissedIAmAliveLimit = 100_000;
        });

    private static SiloHandle HostOf(TestCluster cluster, string key) => cluster.Silos.Single(s => s.Silo.Catalog.Find(key).Count == 1);

    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    public async Task Killed_silo_gets_probe_votes_from_every_survivor_is_declared_dead_and_its_grains_re_home(int silos)
    {
        await using var cluster = await StartAsync(silos);
        var keys = Enumerable.Range(0, 30).Select(i => $"probe-{i}").ToArray();
        foreach (var key in keys) await cluster.Client.GetGrain<IIdentityGrain>(key).GetActivationId();
        var victim = HostOf(cluster, keys[0]);
        var survivors = cluster.Silos.Where(s => s != victim).Select(s => s.SiloAddress).ToHashSet();

        await cluster.KillSiloAsync(victim);
        await cluster.WaitForLivenessToStabilizeAsync();

        var row = (await cluster.MembershipTable.ReadAllAsync()).Rows.Single(r => r.Entry.Silo.Equals(victim.SiloAddress)).Entry;
        Assert.Equal(SiloStatus.Dead, row.Status);
        // Votes for death: min(NumVotesForDeathDeclaration = 2, live voters), one per distinct survivor.
        Assert.Equal(survivors, row.Suspicions.Select(v => v.Voter).ToHashSet());
        Assert.Equal(row.Suspicions.Count, row.Suspicions.Select(v => v.Voter).Distinct().Count());
        Assert.True(_logs.Count("missed probes in a row") > 0, "the declaration came from probes");
        foreach (var key in keys)
        {
            await cluster.Client.GetGrain<IIdentityGrain>(key).GetActivationId();
            Assert.NotEqual(victim.SiloAddress, HostOf(cluster, key).SiloAddress);
        }
        await Eventually.HoldsAsync(async () =>
        {
            int version = (await cluster.MembershipTable.ReadAllAsync()).Version.Version;
            return cluster.Silos.All(s => s.Silo.Membership.View.Version == version);
        }, "every survivor's view is at the table's version");
    }

    [Fact]
    public async Task Silo_busy_with_a_long_turn_but_answering_probes_is_not_suspected()
    {
        await using var cluster = await StartAsync(3);
        var busy = cluster.Client.GetGrain<ITurnGrain>("long-turn");
        var blocked = busy.Block();
        await Eventually.HoldsAsync(async () => await busy.IsBlocked(), "the turn is blocked");
        var slow = HostOf(cluster, "long-turn");
        var probers = cluster.Silos.Where(s => s != slow).ToArray();
        var before = probers.Select(p => p.Silo.Membership.ProbesAnsweredBy(slow.SiloAddress)).ToArray();
        var queued = cluster.Client.GetGrain<ITurnGrain>("long-turn").Work(1);

        // Several times the missed-probe limit passes while the turn holds the grain; every probe is answered meanwhile.
        await Eventually.HoldsAsync(
            () => probers.Select((p, i) => p.Silo.Membership.ProbesAnsweredBy(slow.SiloAddress) - before[i]).All(n => n >= 3 * 4),
            "every other silo probed the busy silo three times the missed-probe limit", TimeSpan.FromSeconds(60));

        Assert.False(queued.IsCompleted, "the grain was still busy");
        var row = (await cluster.MembershipTable.ReadAllAsync()).Rows.Single(r => r.Entry.Silo.Equals(slow.SiloAddress)).Entry;
        Assert.Equal(SiloStatus.Active, row.Status);
        Assert.Empty(row.Suspicions);
        Assert.All(cluster.Silos, s => Assert.Contains(slow.SiloAddress, s.Silo.Membership.View.Silos));
        await busy.Release();
        await blocked;
        await queued;
    }

    [Fact]
    public async Task A_silo_waiting_to_reach_its_peers_keeps_its_joining_row_alive_and_then_joins()
    {
        // A death threshold of 200 ms × 20 = 4 s: the killed silo's row counts as a live peer that long, and the joining
        // silo keeps trying it. Other silos declare any row whose IAmAlive is older than that dead, a joining one too.
        await using var cluster = await ClusterFixture.StartAsync(new InMemoryGrainStorage(), _logs, options =>
        {
            options.InitialSilosCount = 1;
            options.NumMissedIAmAliveLimit = 20;
        });
        var first = cluster.Silos.Single();
        await cluster.KillSiloAsync(first);

        var joining = cluster.StartAdditionalSiloAsync(_ => { }, waitForLiveness: false);
        var newcomer = await RowAsync(cluster, e => !e.Silo.Equals(first.SiloAddress) && e.Status == SiloStatus.Joining);
        await Eventually.HoldsAsync(async () =>
        {
            var row = await RowAsync(cluster, e => e.Silo.Equals(newcomer.Silo));
            return row.Status == SiloStatus.Joining && row.IAmAliveTime > newcomer.IAmAliveTime;
        }, "the joining silo refreshed its IAmAlive while it waited for its peers");

        var silo = await joining;
        Assert.Equal(SiloStatus.Active, (await RowAsync(cluster, e => e.Silo.Equals(silo.SiloAddress))).Status);
    }

    private static async Task<MembershipEntry> RowAsync(TestCluster cluster, Func<MembershipEntry, bool> which)
    {
        MembershipEntry? found = null;
        await Eventually.HoldsAsync(async () =>
        {
            found = (await cluster.MembershipTable.ReadAllAsync()).Rows.Select(r => r.Entry).FirstOrDefault(which);
            return found is not null;
        }, "the membership row is in the table");
        return found!;
    }
}
