using LstmActors.Engine.Models;
using LstmActors.Engine.Tensors;
using LstmActors.Grains.Hosting;
using LstmActors.Grains.Models;
using LstmActors.Grains.Series;
using LstmActors.Grains.Simulation;
using LstmActors.Grains.Tests.Batching;
using LstmActors.Grains.Tests.Cluster;
using LstmActors.Grains.Tests.Reference;
using LstmActors.Grains.Training;
using Microsoft.Extensions.DependencyInjection;

namespace LstmActors.Grains.Tests.Training;

public sealed class ModelGrainTests
{
    private static readonly ModelDefinition Async = ModelDefinition.ForFeatures("async-model", "test", ["x", "y"]) with
    {
        // Hand-made windows of the features alone.
        SeriesInputs = false,
        Units = 5,
        WindowLength = 3,
        Training = new TrainingSettings(TrainingMode.Asynchronous, StalenessBound: 1, RoundDeadline: TimeSpan.FromSeconds(30), CheckpointEvery: 1),
    };

    [Fact]
    public async Task Asynchronous_mode_down_weights_a_stale_gradient_and_drops_one_beyond_the_bound()
    {
        var (cluster, _) = await Clusters.StartAsync(1);
        await using var _ = cluster;
        var model = cluster.Client.GetGrain<IModelGrain>(Async.Name);
        await model.Define(Async);
        var replay = ModelNetwork.Build(Async, Async.WindowLength);
        replay.SetWeights((await model.GetLatest()).Weights);

        var g1 = Gradient(replay, seed: 1);
        var fresh = await model.Contribute(Contribution(g1, version: 1));
        Assert.Equal((true, 1f, 2), (fresh.Accepted, fresh.Weight, fresh.Latest.Version));
        replay.ApplyGradients(g1.Values);

        var g2 = Gradient(replay, seed: 2);
        var stale = await model.Contribute(Contribution(g2, version: 1));
        Assert.Equal((true, 0.5f, 3), (stale.Accepted, stale.Weight, stale.Latest.Version));
        Assert.Contains("1/(1+1)", stale.Reason);
        replay.ApplyGradients(g2.Values.Select(v => v * 0.5f).ToArray());

        var dropped = await model.Contribute(Contribution(g2, version: 1));
        Assert.Equal((false, 0f, 3), (dropped.Accepted, dropped.Weight, dropped.Latest.Version));
        Assert.Contains("2 versions stale; the bound is 1", dropped.Reason);

        var latest = await model.GetLatest();
        for (int i = 0; i < latest.Weights.Length; i++) Assert.Equal(replay.GetWeights()[i], latest.Weights[i], 1e-6f);
        var status = await model.Status();
        Assert.Equal((3, 2L, 1L), (status.Version, status.Steps, status.DroppedContributions));
        Assert.Equal([2, 3], status.RecentLosses.Select(l => l.Version));
    }

    [Fact]
    public async Task A_model_resumes_weights_optimizer_state_and_version_from_its_checkpoint_after_its_silo_dies()
    {
        var (cluster, _) = await Clusters.StartAsync(2);
        await using var _ = cluster;
        var model = cluster.Client.GetGrain<IModelGrain>(Async.Name);
        await model.Define(Async);
        var replay = ModelNetwork.Build(Async, Async.WindowLength);
        replay.SetWeights((await model.GetLatest()).Weights);
        for (int v = 1; v <= 3; v++)
        {
            var g = Gradient(replay, seed: v);
            await model.Contribute(Contribution(g, version: v));
            replay.ApplyGradients(g.Values);
        }

        // Kill whichever silo holds the model: no deactivation, so only the checkpoints survive.
        foreach (var silo in cluster.Silos.ToArray()) await cluster.KillSiloAsync(silo);
        await cluster.StartAdditionalSiloAsync();
        await cluster.WaitForLivenessToStabilizeAsync();
        // The client may still route the first call to a dead silo.
        var resumed = await Clusters.WithRetryAsync(() => model.GetLatest());
        Assert.Equal(4, resumed.Version);

        // Adam continues from its moments: a restarted optimizer would take a different step.
        var next = Gradient(replay, seed: 9);
        var result = await model.Contribute(Contribution(next, version: 4));
        replay.ApplyGradients(next.Values);
        Assert.Equal(5, result.Latest.Version);
        for (int i = 0; i < result.Latest.Weights.Length; i++) Assert.Equal(replay.GetWeights()[i], result.Latest.Weights[i], 1e-6f);
        Assert.Equal([2, 3, 4, 5], (await model.Status()).RecentLosses.Select(l => l.Version));
    }

    [Fact]
    public async Task Weights_set_by_a_client_reach_every_silo_and_series_continue_on_them_from_their_carries()
    {
        var (cluster, _) = await Clusters.StartAsync(2);
        await using var _ = cluster;
        var frozen = SeriesEquivalenceTests.Frozen;
        var model = cluster.Client.GetGrain<IModelGrain>(frozen.Name);
        await model.Define(frozen);
        var first = (await model.GetLatest()).Weights;
        const int series = 24;
        var streams = Enumerable.Range(0, series).Select(s => SeriesEquivalenceTests.Ticks(new TankSeries(700 + s), 0, 10)).ToArray();
        var references = Enumerable.Range(0, series).Select(_ => new ReferenceSeries(frozen, first)).ToArray();
        var grains = Enumerable.Range(0, series).Select(s => cluster.Client.GetGrain<ISeriesGrain>($"fitted-{s}")).ToArray();
        await cluster.SpreadAsync(Enumerable.Range(0, series).Select(s => $"fitted-{s}"));
        for (int s = 0; s < series; s++)
        {
            var block = await grains[s].ObserveMany(frozen.Name, streams[s][..5]);
            for (int t = 0; t < 5; t++) ReferenceSeries.AssertClose(references[s].Observe(streams[s][t]), block.Values.AsSpan(t * 2, 2), $"fitted-{s}", t);
        }

        var fitted = StepBatcherTests.Perturbed(first, seed: 21);
        var published = await model.SetWeights(fitted);
        Assert.Equal(2, published.Version);
        await Eventually.HoldsAsync(() => cluster.Silos.All(s =>
            s.Services().GetRequiredService<SiloModels>().BatcherFigures(frozen.Name).Version == 2),
            "both silos on the fitted weights");

        for (int s = 0; s < series; s++)
        {
            references[s].UseWeights(fitted);
            var block = await grains[s].ObserveMany(frozen.Name, streams[s][5..]);
            Assert.Equal(2, block.ModelVersion);
            for (int t = 5; t < 10; t++) ReferenceSeries.AssertClose(references[s].Observe(streams[s][t]), block.Values.AsSpan((t - 5) * 2, 2), $"fitted-{s}", t);
        }
    }

    [Fact]
    public async Task Bad_definitions_and_gradients_are_refused_with_the_reason()
    {
        var (cluster, _) = await Clusters.StartAsync(1);
        await using var _ = cluster;
        var model = cluster.Client.GetGrain<IModelGrain>(Async.Name);
        var unknown = await Assert.ThrowsAsync<InvalidOperationException>(() => model.GetLatest());
        Assert.Contains("Model 'async-model' is not defined", unknown.Message);
        var bad = await Assert.ThrowsAsync<ArgumentException>(() => model.Define(Async with { PredictedFeatures = ["z"] }));
        Assert.Contains("names feature 'z', which is not among its features [x, y]", bad.Message);
        await model.Define(Async);
        var other = await Assert.ThrowsAsync<InvalidOperationException>(() => model.Define(Async with { Units = 7 }));
        Assert.Contains("already exists", other.Message);
        var shape = await Assert.ThrowsAsync<ArgumentException>(() => model.Contribute(new GradientContribution("s", 1, 1, 0f, new float[3], [])));
        Assert.Contains("has 3 values", shape.Message);
        Assert.Equal("stocks", (await cluster.Client.GetGrain<IModelGrain>("stocks").GetDefinition()).Name);
    }

    private static ModelGradients Gradient(Sequential network, int seed)
    {
        var random = new Random(seed);
        int w = Async.WindowLength;
        var x = Tensor.From(Enumerable.Range(0, 4 * w * 2).Select(_ => (float)random.NextDouble() - 0.5f).ToArray(), 4, w, 2);
        var y = Tensor.From(Enumerable.Range(0, 4 * w * 2).Select(_ => (float)random.NextDouble() - 0.5f).ToArray(), 4, w, 2);
        return network.ComputeGradients(x, y);
    }

    private static GradientContribution Contribution(ModelGradients g, int version) =>
        new("test-silo", version, g.Samples, g.Loss * g.Samples, g.Values.Select(v => v * g.Samples).ToArray(), []);
}
