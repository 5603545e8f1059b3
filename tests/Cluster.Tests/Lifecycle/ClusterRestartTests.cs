using LstmActors.Cluster.Tests.Load;
using LstmActors.Cluster.Tests.Postgres;
using LstmActors.Cluster.Tests.Processes;
using LstmActors.Grains.Models;
using LstmActors.Grains.Training;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Xunit.Abstractions;

namespace LstmActors.Cluster.Tests.Lifecycle;

/// <summary>The whole cluster stops (SIGTERM to every silo) and new silo processes take its place on the same PostgreSQL schema.</summary>
public sealed class ClusterRestartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan RoundInterval = TimeSpan.FromMilliseconds(250);

    [PostgresFact]
    public async Task AfterAWholeClusterRestartEverySeriesResumesItsCarryAndSequenceAndTheModelItsTrainedVersion()
    {
        var fixedSeries = ScaleModel.SeriesIds(200, "f");
        var trainedSeries = ScaleModel.SeriesIds(100, "t");
        await using var cluster = await SiloCluster.StartAsync(silos: 2);
        await cluster.Client.GetGrain<IModelGrain>(ScaleModel.Fixed.Name).Define(ScaleModel.Fixed);
        await cluster.Client.GetGrain<IModelGrain>(ScaleModel.Trained.Name).Define(ScaleModel.Trained);
        await using var before = SeriesStream.Start(cluster.Client, ScaleModel.Fixed.Name, fixedSeries, RoundInterval);
        await using var training = SeriesStream.Start(cluster.Client, ScaleModel.Trained.Name, trainedSeries, RoundInterval);
        await WaitForVersionAsync(cluster, training, 3);
        await training.StopAsync();
        await before.StopAsync();

        foreach (var code in await Task.WhenAll(cluster.RunningSilos.Select(s => s.TerminateAsync(Bound))))
            Assert.Equal(0, code);
        // What the model grain wrote on its way out: the version and weights that must come back.
        var stored = await StoredModelAsync(cluster.Schema, ScaleModel.Trained.Name);
        Assert.True(stored.Version >= 3, $"The model's checkpoint is at version {stored.Version}; it trained to 3 at least.");

        await cluster.StartSilosAsync(2);
        await cluster.RestartClientAsync();
        var model = cluster.Client.GetGrain<IModelGrain>(ScaleModel.Trained.Name);
        var status = await model.Status();
        Assert.Equal(stored.Version, status.Version);
        Assert.Equal(stored.Steps, status.Steps);
        Assert.Equal(stored.Weights, (await model.GetLatest()).Weights);
        var resumed = await SeriesPlacement.ReadAsync(cluster.Client, trainedSeries);
        Assert.All(resumed.Statuses, s => Assert.True(s.TicksSeen == training.RoundsCompleted && s.LastSequence == training.RoundsCompleted - 1,
            $"Series {s.SeriesId} came back with {s.TicksSeen} ticks up to {s.LastSequence}; {training.RoundsCompleted} were acknowledged."));

        // Streaming on from the next tick: every series takes it (no gap), the untrained ones predict exactly as if the
        // cluster had never stopped (their carries came back), and training goes on from the stored version.
        await using var after = SeriesStream.Start(cluster.Client, ScaleModel.Fixed.Name, fixedSeries, RoundInterval, firstTick: before.RoundsCompleted);
        await using var moreTraining = SeriesStream.Start(cluster.Client, ScaleModel.Trained.Name, trainedSeries, RoundInterval, firstTick: training.RoundsCompleted);
        await WaitForVersionAsync(cluster, moreTraining, stored.Version + 1);
        await after.WaitForRoundsAsync(2, Bound);
        await moreTraining.StopAsync();
        await after.StopAsync();
        var final = await SeriesPlacement.ReadAsync(cluster.Client, trainedSeries);
        Assert.All(final.Statuses, s => Assert.Equal(training.RoundsCompleted + moreTraining.RoundsCompleted, s.TicksSeen));

        output.WriteLine($"restarted after {before.RoundsCompleted} ticks of {fixedSeries.Length} untrained series and {training.RoundsCompleted} of {trainedSeries.Length} training ones: "
            + $"the model came back at version {status.Version} ({status.Steps} steps) and trained on to {(await model.Status()).Version} in {moreTraining.RoundsCompleted} more ticks");
        var reference = await ReferenceRun.RunAsync(ScaleModel.Fixed, fixedSeries, before.RoundsCompleted + after.RoundsCompleted);
        ReferenceRun.AssertSamePredictions(reference, before, fixedSeries);
        ReferenceRun.AssertSamePredictions(reference, after, fixedSeries, firstTick: before.RoundsCompleted);
    }

    /// <summary>Streams on until the model reaches <paramref name="version"/>, checking after every round.</summary>
    private static async Task WaitForVersionAsync(SiloCluster cluster, SeriesStream stream, int version)
    {
        var model = cluster.Client.GetGrain<IModelGrain>(ScaleModel.Trained.Name);
        // A failure bound, not a speed check: give up only when the model is stuck.
        var deadline = DateTime.UtcNow + Bound;
        while ((await model.Status()).Version < version)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The model did not reach version {version} within {Bound} ({stream.RoundsCompleted} rounds).");
            await stream.WaitForRoundsAsync(stream.RoundsCompleted + 1, Bound);
        }
    }

    /// <summary>The model grain's checkpoint as it is in PostgreSQL, read with Orleans' serializer (the silo's grain-state format).</summary>
    private static async Task<ModelState> StoredModelAsync(ClusterSchema schema, string name)
    {
        await using var services = new ServiceCollection().AddSerializer(s => s.AddAssembly(typeof(ModelState).Assembly)).BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var models = (await schema.StoredPayloadsAsync("model")).Select(p => serializer.Deserialize<ModelState>(p)!).Where(m => m.Definition?.Name == name).ToArray();
        Assert.True(models.Length == 1, $"{models.Length} checkpoints of model {name} in the store.");
        return models[0];
    }
}
