using LstmActors.Grains.Hosting;
using LstmActors.Grains.Models;
using LstmActors.Grains.Series;
using LstmActors.Grains.Simulation;
using LstmActors.Grains.Tests.Cluster;
using LstmActors.Grains.Training;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LstmActors.Grains.Tests.Training;

public sealed class OnlineLearningTests(ITestOutputHelper output)
{
    private static readonly TrainingSettings Synchronous = new(TrainingMode.Synchronous, StalenessBound: 0, RoundDeadline: TimeSpan.FromSeconds(30), CheckpointEvery: 20);

    private static readonly ModelDefinition Waves = ModelDefinition.ForFeatures("waves", "waves", ["value"]) with
    {
        Units = 16,
        WindowLength = 8,
        Optimizer = new OptimizerSettings("adam", 0.01f, 1f),
        Training = Synchronous,
    };

    private static readonly ModelDefinition Tanks = BuiltInModels.Tanks with
    {
        Name = "tanks-learning",
        Units = 16,
        WindowLength = 8,
        Optimizer = new OptimizerSettings("adam", 0.01f, 1f),
        Training = Synchronous,
    };

    [Fact]
    public async Task Hundreds_of_series_train_online_across_three_silos_and_beat_the_naive_forecast_on_learnable_kinds()
    {
        var (cluster, _) = await Clusters.StartAsync(3);
        await using var _ = cluster;
        await cluster.Client.GetGrain<IModelGrain>(Waves.Name).Define(Waves);
        await cluster.Client.GetGrain<IModelGrain>(Tanks.Name).Define(Tanks);

        var sources = new List<(string Id, string Model, SyntheticSeries Source)>();
        for (int i = 0; i < 160; i++) sources.Add(($"sine-{i}", Waves.Name, new SineSeries(1000 + i)));
        for (int i = 0; i < 40; i++) sources.Add(($"walk-{i}", Waves.Name, new RandomWalkSeries(2000 + i)));
        for (int i = 0; i < 100; i++) sources.Add(($"tank-{i}", Tanks.Name, new TankSeries(3000 + i)));

        const int ticks = 400, block = 10;
        await cluster.SpreadAsync(sources.Select(s => s.Id));
        await Task.WhenAll(sources.Select(async source =>
        {
            var grain = cluster.Client.GetGrain<ISeriesGrain>(source.Id);
            for (int t = 0; t < ticks; t += block)
                await grain.ObserveMany(source.Model, SeriesEquivalenceTests.Ticks(source.Source, t, block));
        }));

        var statuses = await Task.WhenAll(sources.Select(s => cluster.Client.GetGrain<ISeriesGrain>(s.Id).Status()));
        var byKind = statuses.GroupBy(s => s.SeriesId[..s.SeriesId.IndexOf('-')])
            .ToDictionary(g => g.Key, g => (Model: g.Average(s => s.RecentError), Naive: g.Average(s => s.RecentNaiveError)));
        foreach (var (kind, error) in byKind) output.WriteLine($"{kind}: recent error {error.Model:F4}, naive {error.Naive:F4}, ratio {error.Model / error.Naive:F3}");

        Assert.True(byKind["sine"].Model < 0.4 * byKind["sine"].Naive, $"sine: model {byKind["sine"].Model}, naive {byKind["sine"].Naive}");
        Assert.True(byKind["tank"].Model < 0.5 * byKind["tank"].Naive, $"tank: model {byKind["tank"].Model}, naive {byKind["tank"].Naive}");

        foreach (var definition in new[] { Waves, Tanks })
        {
            var status = await cluster.Client.GetGrain<IModelGrain>(definition.Name).Status();
            output.WriteLine($"{definition.Name}: version {status.Version}, steps {status.Steps}, last loss {status.RecentLosses[^1].Loss:F4}, first loss {status.RecentLosses[0].Loss:F4}");
            Assert.True(status.Version > 20, $"{definition.Name} reached only version {status.Version}.");
            // Every silo served series of the model and is on the trained weights. (Not ActiveSilos: a silo whose
            // contribution missed a round's deadline on a loaded machine leaves the round set until it contributes again.)
            await Eventually.HoldsAsync(() => cluster.Silos.All(s =>
                s.Services().GetRequiredService<SiloModels>().BatcherFigures(definition.Name) is { Steps: > 0, Version: > 20 }),
                $"every silo served {definition.Name} and its batcher is past version 20");
        }
    }
}
