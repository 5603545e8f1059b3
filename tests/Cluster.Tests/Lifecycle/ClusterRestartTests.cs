using System.Text.Json;
using LstmActors.Cluster.Tests.Load;
using LstmActors.Cluster.Tests.Postgres;
using LstmActors.Cluster.Tests.Processes;
using LstmActors.Cluster.TestSilo;
using LstmActors.Grains.Training;
using LstmActors.Runtime.Persistence;

namespace LstmActors.Cluster.Tests.Lifecycle;

/// <summary>The whole cluster goes away (one silo stopped gracefully, the others killed) and new silo processes take its place.</summary>
public sealed class ClusterRestartTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    [PostgresFact]
    public async Task NewSiloProcessesBringBackEveryGrainsLastAcknowledgedState()
    {
        await using var cluster = await TestSiloCluster.StartAsync(silos: 2);
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
        await old[1].KillAsync(Bound);
        var fresh = await cluster.StartSilosAsync(2);
        // The killed silos stay Active in the table until the new ones declare them dead; placement waits for that.
        await cluster.WaitForAgreedViewAsync(Bound);
        await cluster.RestartClientAsync();

        var freshPids = fresh.Select(s => s.ProcessId).ToHashSet();
        foreach (var (key, count) in written)
        {
            var reply = await cluster.Client.GetGrain<ICounterGrain>(key).Get();
            Assert.Contains(reply.ProcessId, freshPids);
            Assert.Equal(count, reply.Count);
        }
    }

    [PostgresFact]
    public async Task EverySeriesAndTheTrainedModelResumeAfterTheWholeClusterRestarts()
    {
        var model = ScaleModel.Trained;
        var series = ScaleModel.SeriesIds(200);
        await using var cluster = await TestSiloCluster.StartAsync(silos: 2);
        await cluster.WaitForAgreedViewAsync(Bound);
        var modelGrain = cluster.Client.GetGrain<IModelGrain>(model.Name);
        await modelGrain.Define(model);
        await using (var stream = SeriesStream.Start(cluster.Client, model.Name, series))
        {
            await WaitForVersionAsync(cluster, stream, model.Name, 3);
            await stream.StopAsync();
        }
        var rounds = (await SeriesPlacement.ReadAsync(cluster.Client, series)).Statuses.Max(s => s.TicksSeen);
        var before = await modelGrain.Status();
        var weights = (await modelGrain.GetLatest()).Weights;

        foreach (var code in await Task.WhenAll(cluster.RunningSilos.Select(s => s.TerminateAsync(Bound))))
            Assert.Equal(0, code);
        var stored = await StoredModelAsync(cluster, model.Name);
        Assert.Equal(before.Version, stored.Version);
        Assert.True(stored.OptimizerIterations > 0 && stored.OptimizerSlots.Length > 0, "The model's optimizer state was not saved.");

        await cluster.StartSilosAsync(2);
        await cluster.WaitForAgreedViewAsync(Bound);
        await cluster.RestartClientAsync();
        modelGrain = cluster.Client.GetGrain<IModelGrain>(model.Name);
        var after = await modelGrain.Status();
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Steps, after.Steps);
        Assert.Equal(weights, (await modelGrain.GetLatest()).Weights);
        var resumed = await SeriesPlacement.ReadAsync(cluster.Client, series);
        Assert.All(resumed.Statuses, s => Assert.True(s.TicksSeen == rounds && s.LastSequence == rounds - 1,
            $"Series {s.SeriesId} came back with {s.TicksSeen} ticks up to {s.LastSequence}; {rounds} were acknowledged."));
        var reloaded = await StoredModelAsync(cluster, model.Name);
        Assert.Equal(stored.OptimizerIterations, reloaded.OptimizerIterations);
        Assert.Equal(stored.OptimizerSlots, reloaded.OptimizerSlots);

        // Streaming on from the next tick: every series accepts it (no gap), and training goes on from the saved version.
        await using var more = SeriesStream.Start(cluster.Client, model.Name, series, firstTick: rounds);
        await WaitForVersionAsync(cluster, more, model.Name, before.Version + 1);
        await more.StopAsync();
        var final = await SeriesPlacement.ReadAsync(cluster.Client, series);
        Assert.All(final.Statuses, s => Assert.Equal(rounds + more.RoundsCompleted, s.TicksSeen));
    }

    /// <summary>Streams on until the model reaches <paramref name="version"/>, checking after every round.</summary>
    private static async Task WaitForVersionAsync(TestSiloCluster cluster, SeriesStream stream, string model, int version)
    {
        // A failure bound, not a speed check: give up only when the model is stuck.
        var deadline = DateTime.UtcNow + Bound;
        while ((await cluster.Client.GetGrain<IModelGrain>(model).Status()).Version < version)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Model {model} did not reach version {version} within {Bound} ({stream.RoundsCompleted} rounds).");
            await stream.WaitForRoundsAsync(stream.RoundsCompleted + 1, Bound);
        }
    }

    /// <summary>The model grain's checkpoint as it is in PostgreSQL.</summary>
    private static async Task<ModelState> StoredModelAsync(TestSiloCluster cluster, string model)
    {
        var stored = await cluster.Schema.GrainStorage().ReadAsync(new GrainStateKey(typeof(ModelGrain).FullName!, model, "model"));
        Assert.True(stored is not null, $"No checkpoint of model {model} in the store.");
        return JsonSerializer.Deserialize<ModelState>(stored.Data)!;
    }
}
