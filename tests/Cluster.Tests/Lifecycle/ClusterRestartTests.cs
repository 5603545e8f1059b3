using LstmActors.Cluster.Tests.Postgres;
using LstmActors.Cluster.Tests.Processes;
using LstmActors.Cluster.TestSilo;

namespace LstmActors.Cluster.Tests.Lifecycle;

/// <summary>The whole cluster goes away (one silo stopped gracefully, the others killed) and new silo processes take its place.</summary>
public sealed class ClusterRestartTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    [PostgresFact]
    public async Task NewSiloProcessesBringBackEveryGrainsLastAcknowledgedState()
    {
        await using var cluster = await TestSiloCluster.StartAsync(silos: 3);
        var written = new Dictionary<string, int>();
        for (int i = 0; i < 30; i++)
        {
            var key = $"restart-{i}";
            var grain = cluster.Client.GetGrain<ICounterGrain>(key);
            CounterReply reply = null!;
            for (int n = 0; n <= i % 4; n++) reply = await grain.Increment();
            written[key] = reply.Count;
        }

        var old = cluster.RunningSilos;
        Assert.Equal(0, await old[0].TerminateAsync(Bound));
        foreach (var silo in old.Skip(1)) await silo.KillAsync(Bound);
        var fresh = await cluster.StartSilosAsync(2);
        // The killed silos stay Active in the table until the new ones declare them dead; placement waits for that.
        var freshAddresses = fresh.Select(TestSiloCluster.AddressOf).ToHashSet();
        await cluster.WaitUntilAsync(() => fresh.All(s => TestSiloCluster.LatestView(s)?.SetEquals(freshAddresses) == true), Bound,
            () => "the new silos see only each other");
        await cluster.RestartClientAsync();

        var freshPids = fresh.Select(s => s.ProcessId).ToHashSet();
        foreach (var (key, count) in written)
        {
            var reply = await cluster.Client.GetGrain<ICounterGrain>(key).Get();
            Assert.Contains(reply.ProcessId, freshPids);
            Assert.Equal(count, reply.Count);
        }
    }
}
