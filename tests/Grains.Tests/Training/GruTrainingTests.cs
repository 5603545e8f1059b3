using LstmActors.Grains.Models;
using LstmActors.Grains.Series;
using LstmActors.Grains.Simulation;
using LstmActors.Grains.Tests.Cluster;
using LstmActors.Grains.Training;
using LstmActors.Tests.Shared;

namespace LstmActors.Grains.Tests.Training;

/// <summary>A model that stacks GRU layers trains online like an LSTM one: windows start from h-only carries.</summary>
public sealed class GruTrainingTests
{
    private static readonly ModelDefinition Gru = ModelDefinition.ForFeatures("gru-model", "tanks", ["pressure", "temperature"]) with
    {
        Units = 6,
        Layers = 2,
        WindowLength = 4,
        Cell = RecurrentCell.Gru,
        Training = new TrainingSettings(TrainingMode.Asynchronous, StalenessBound: 1000, RoundDeadline: TimeSpan.FromSeconds(30), CheckpointEvery: 1),
    };

    [Fact]
    public async Task Every_window_of_a_GRU_model_is_trained_on_and_the_weights_move()
    {
        var (cluster, _) = await Clusters.StartAsync(2);
        await using var _ = cluster;
        var model = cluster.Client.GetGrain<IModelGrain>(Gru.Name);
        await model.Define(Gru);
        var initial = (await model.GetLatest()).Weights;
        // 2 layers × 6 units × 3 gates, reset_after: Keras' count per layer is 3·(F·H + H·H + 2H), where the first layer's F
        // is the 2 features and their 14 series inputs (2 predicted × (1 change + 2 seasons × 2 lags) + 2 seasons × sin, cos).
        Assert.Equal(16, Gru.InputWidth);
        Assert.Equal(3 * (16 * 6 + 36 + 12) + 3 * (6 * 6 + 36 + 12) + 6 * 2 + 2, initial.Length);

        const int series = 12, windows = 3;
        int ticks = windows * Gru.WindowLength + 1;
        await cluster.SpreadAsync(Enumerable.Range(0, series).Select(s => $"gru-{s}"));
        var blocks = await Task.WhenAll(Enumerable.Range(0, series).Select(s =>
            cluster.Client.GetGrain<ISeriesGrain>($"gru-{s}").ObserveMany(Gru.Name, SeriesEquivalenceTests.Ticks(new TankSeries(900 + s), 0, ticks))));
        Assert.All(blocks, b => Assert.All(b.Values, v => Assert.True(float.IsFinite(v))));

        await Eventually.HoldsAsync(async () => (await model.Status()).RecentLosses.Sum(l => l.Samples) == series * windows,
            $"all {series * windows} windows trained on");
        var trained = (await model.GetLatest()).Weights;
        Assert.Contains(Enumerable.Range(0, trained.Length), i => trained[i] != initial[i]);
    }
}
