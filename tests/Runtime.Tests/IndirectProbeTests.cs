using LstmActors.Runtime.Configuration;
using LstmActors.Runtime.Hosting;
using LstmActors.Runtime.Membership;
using LstmActors.Runtime.Messaging;
using LstmActors.Runtime.Persistence;
using LstmActors.Runtime.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Runtime.Tests.Grains;
using Runtime.Tests.Infrastructure;

namespace Runtime.Tests;

/// <summary>
/// Indirect probes on three real silos. A one-way partition cuts only the prober's pings to one peer (the silo's
/// <see cref="IProbePath"/> hook: loopback sockets cannot be partitioned one way without root and a firewall); every
/// other silo still reaches that peer. The IAmAlive fallback is switched off (a huge limit) so votes come from probes.
/// </summary>
public sealed class IndirectProbeTests
{
    private readonly LogCapture _logs = new();

    private Task<TestCluster> StartAsync(bool enableIndirectProbes = true)
        => ClusterFixture.StartAsync(new InMemoryGrainStorage(), _logs, options =>
        {
            options.InitialSilosCount = 3;
            options.NumMissedIAmAliveLimit = 100_000;
            var grains = options.ConfigureSilo;
            options.ConfigureSilo = silo =>
            {
                grains?.Invoke(silo);
                silo.Configure<ClusterMembershipOptions>(o => o.EnableIndirectProbes = enableIndirectProbes);
            };
        });

    private static async Task<MembershipEntry> RowAsync(TestCluster cluster, SiloAddress silo)
        => (await cluster.MembershipTable.ReadAllAsync()).Rows.Single(r => r.Entry.Silo.Equals(silo)).Entry;

    [Fact]
    public async Task Peer_the_prober_cannot_ping_but_an_intermediary_reaches_is_not_voted_suspect()
    {
        await using var cluster = await StartAsync();
        var (prober, peer, intermediary) = (cluster.Silos[0], cluster.Silos[1], cluster.Silos[2]);
        prober.Silo.ProbePath = new OneWayPartition(peer.SiloAddress);

        // Each indirect probe comes after at least NumMissedProbesLimit direct misses in a row: without it, the
        // prober would have voted every one of these rounds.
        await Eventually.HoldsAsync(
            () => prober.Silo.Membership.IndirectProbes(peer.SiloAddress, intermediary.SiloAddress, IndirectProbeOutcome.Reached) >= 3,
            "the prober reached the partitioned peer through the intermediary three times");

        var row = await RowAsync(cluster, peer.SiloAddress);
        Assert.Equal(SiloStatus.Active, row.Status);
        Assert.Empty(row.Suspicions);
        Assert.All(cluster.Silos, s => Assert.Contains(peer.SiloAddress, s.Silo.Membership.View.Silos));
        Assert.Equal(0, prober.Silo.Membership.IndirectProbes(peer.SiloAddress, intermediary.SiloAddress, IndirectProbeOutcome.NotReached));
        // Indirect probes at the 4th (NumMissedProbesLimit), 5th and 6th direct miss in a row at the earliest.
        Assert.True(_logs.Count($"probe of {peer.SiloAddress} missed") >= 6, "the prober's direct pings to the peer were lost");
        Assert.True(_logs.Count($"Silo {intermediary.SiloAddress} probed {peer.SiloAddress} for {prober.SiloAddress}: reached") >= 3,
            "the intermediary pinged the peer for the prober");
        Assert.True(_logs.Count($"does not vote against {peer.SiloAddress}") >= 3, "the prober logged why it withheld its vote");
        // The partition is one way: the peer still pings the prober.
        Assert.True(peer.Silo.Membership.ProbesAnsweredBy(prober.SiloAddress) > 0);
    }

    [Fact]
    public async Task Killed_silo_is_declared_dead_because_the_intermediaries_cannot_reach_it_either()
    {
        await using var cluster = await StartAsync();
        var victim = cluster.Silos[0];
        var survivors = cluster.Silos.Where(s => s != victim).ToArray();

        await cluster.KillSiloAsync(victim);
        await cluster.WaitForLivenessToStabilizeAsync(TimeSpan.FromSeconds(60));

        var row = await RowAsync(cluster, victim.SiloAddress);
        Assert.Equal(SiloStatus.Dead, row.Status);
        Assert.Equal(survivors.Select(s => s.SiloAddress).ToHashSet(), row.Suspicions.Select(v => v.Voter).ToHashSet());
        // With three silos each survivor's only intermediary is the other survivor: it was asked before the vote and
        // could not reach the victim.
        foreach (var survivor in survivors)
        {
            var other = survivors.Single(s => s != survivor).SiloAddress;
            var membership = survivor.Silo.Membership;
            Assert.Equal(0, membership.IndirectProbes(victim.SiloAddress, other, IndirectProbeOutcome.Reached));
            Assert.True(membership.IndirectProbes(victim.SiloAddress, other, IndirectProbeOutcome.NotReached)
                        + membership.IndirectProbes(victim.SiloAddress, other, IndirectProbeOutcome.NoAnswer) > 0,
                $"{survivor.SiloAddress} asked {other} to probe the victim before voting");
        }
        Assert.True(_logs.Count("missed probes in a row; indirect probes through") > 0, "a vote names the failed indirect probes");
    }

    [Fact]
    public async Task With_indirect_probes_off_the_prober_votes_the_partitioned_peer_suspect()
    {
        await using var cluster = await StartAsync(enableIndirectProbes: false);
        var (prober, peer, intermediary) = (cluster.Silos[0], cluster.Silos[1], cluster.Silos[2]);
        prober.Silo.ProbePath = new OneWayPartition(peer.SiloAddress);

        await Eventually.HoldsAsync(
            async () => (await RowAsync(cluster, peer.SiloAddress)).Suspicions.Any(v => v.Voter.Equals(prober.SiloAddress)),
            "the prober voted the partitioned peer suspect");

        var row = await RowAsync(cluster, peer.SiloAddress);
        // One vote of the two required: the others reach the peer and do not vote.
        Assert.Equal(SiloStatus.Active, row.Status);
        Assert.Equal([prober.SiloAddress], row.Suspicions.Select(v => v.Voter).Distinct());
        Assert.True(_logs.Count("missed probes in a row; indirect probes are off") > 0);
        Assert.Equal(0, prober.Silo.Membership.IndirectProbes(peer.SiloAddress, intermediary.SiloAddress, IndirectProbeOutcome.Reached));
    }

    [Fact]
    public async Task Indirect_probe_request_from_a_client_closes_that_connection_and_the_silo_keeps_serving()
    {
        await using var cluster = await StartAsync();
        var silo = cluster.Silos[0];
        var options = silo.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        const string reason = "an indirect probe request from a client";
        int logged = _logs.Count(reason);
        using var raw = await RawConnection.ConnectAsync(silo.GatewayEndpoint);
        Assert.True(await raw.HandshakeAsync(options.ClusterId, options.Secret!));

        await raw.SendAsync(RawConnection.Frame(1, (byte)MessageKind.IndirectProbe, 1, []));

        Assert.True(await raw.ClosedByPeerAsync(TimeSpan.FromSeconds(20)), "the silo kept the client connection open");
        await _logs.WaitForAsync(reason, logged);
        await cluster.Client.GetGrain<IPingGrain>("after-indirect-probe-from-client").Ping();
        Assert.All(cluster.Silos, s => Assert.True(s.IsActive));
    }

    /// <summary>Loses this silo's direct pings to the cut target, as a link broken in one direction would.</summary>
    private sealed class OneWayPartition(SiloAddress cut) : IProbePath
    {
        public bool Delivers(SiloAddress target) => !target.Equals(cut);
    }
}
