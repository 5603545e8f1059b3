using System.Diagnostics;
using System.Text.Json;
using LstmActors.Cluster.Tests.Load;
using LstmActors.Cluster.Tests.Postgres;
using LstmActors.Cluster.Tests.Processes;
using LstmActors.Cluster.TestSilo;
using LstmActors.Runtime.Persistence;
using Xunit.Abstractions;

namespace LstmActors.Cluster.Tests.Faults;

/// <summary>Silo processes (not threads) with PostgreSQL membership and grain state, one of them killed with SIGKILL under load.</summary>
public sealed class SiloKillTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    [PostgresFact]
    public async Task KillingOneOfThreeSilosLosesNoAcknowledgedWriteAndTheSurvivorsTakeOverItsGrains()
    {
        await using var cluster = await TestSiloCluster.StartAsync(silos: 3);
        await cluster.WaitForAgreedViewAsync(Bound);

        var keys = Enumerable.Range(0, 60).Select(i => $"counter-{i}").ToArray();
        await using var load = CounterLoad.Start(cluster.Client, keys);
        await load.WaitUntilAsync(p => p.All(g => g.AcksSinceMark >= 3), Bound, "every grain acknowledged 3 increments");

        var placement = load.Snapshot().GroupBy(g => g.ProcessId).ToDictionary(g => g.Key, g => g.Select(p => p.Key).ToArray());
        Assert.All(cluster.Silos, s => Assert.True(placement.ContainsKey(s.ProcessId), $"{s.Name} hosts none of the 60 grains: placement does not spread."));
        var victim = cluster.Silos.MaxBy(s => placement[s.ProcessId].Length)!;
        var victimGrains = placement[victim.ProcessId];
        var survivors = cluster.Silos.Where(s => s != victim).ToArray();
        var survivorPids = survivors.Select(s => s.ProcessId).ToHashSet();

        var sinceKill = Stopwatch.StartNew();
        await victim.KillAsync(Bound);
        load.Mark();
        await load.WaitUntilAsync(p => p.Where(g => victimGrains.Contains(g.Key)).All(g => g.AcksSinceMark > 0 && survivorPids.Contains(g.ProcessId)),
            Bound, "every grain of the killed silo answers from a survivor");
        var takeOver = sinceKill.Elapsed;
        await cluster.WaitForAgreedViewAsync(Bound);
        var agreement = sinceKill.Elapsed;
        output.WriteLine($"killed {victim.Name} (pid {victim.ProcessId}) holding {victimGrains.Length} of {keys.Length} grains: "
            + $"every one answered again from a survivor after {takeOver.TotalSeconds:F1} s; survivors agreed on the view after {agreement.TotalSeconds:F1} s; "
            + $"{load.Failures} calls failed and were retried");

        await load.WaitUntilAsync(p => p.All(g => g.AcksSinceMark >= 3), Bound, "every grain acknowledged 3 increments after the kill");
        await load.StopAsync();
        Assert.Empty(load.Violations);

        var final = load.Snapshot();
        var storage = cluster.Schema.GrainStorage();
        foreach (var grain in final)
        {
            var stored = await storage.ReadAsync(new GrainStateKey(typeof(CounterGrain).FullName!, grain.Key, CounterGrain.StateName));
            Assert.True(stored is not null, $"{grain.Key}: nothing in the store after {grain.Acknowledged} acknowledged increments");
            Assert.Equal(grain.Acknowledged, JsonSerializer.Deserialize<CounterState>(stored.Data)!.Count);
        }
        foreach (var key in victimGrains)
        {
            var reply = await cluster.Client.GetGrain<ICounterGrain>(key).Get();
            Assert.Contains(reply.ProcessId, survivorPids);
            Assert.Equal(final.Single(g => g.Key == key).Acknowledged, reply.Count);
        }
    }
}
