using LstmActors.Engine.Tensors;
using LstmActors.Grains.Forecasting;
using LstmActors.Grains.Hosting;
using LstmActors.Grains.Models;
using LstmActors.Grains.Series;
using LstmActors.Grains.Simulation;
using LstmActors.Grains.Tests.Cluster;
using LstmActors.Grains.Training;
using Microsoft.Extensions.DependencyInjection;

namespace LstmActors.Grains.Tests.Training;

public sealed class SynchronousTrainingTests
{
    private static readonly ModelDefinition Definition = BuiltInModels.Tanks with
    {
        Name = "tanks-sync",
        Units = 6,
        Layers = 2,
        WindowLength = 4,
        Training = new TrainingSettings(TrainingMode.Synchronous, StalenessBound: 0, RoundDeadline: TimeSpan.FromSeconds(60), CheckpointEvery: 1),
    };

    [Fact]
    public async Task A_round_across_three_silos_applies_the_gradient_of_the_union_batch_and_every_silo_gets_the_new_weights()
    {
        var (cluster, _) = await Clusters.StartAsync(3);
        await using var _ = cluster;
        var model = cluster.Client.GetGrain<IModelGrain>(Definition.Name);
        await model.Define(Definition);
        var initial = (await model.GetLatest()).Weights;

        // Every series streams one window and the tick after it, in lockstep: each window starts at tick 0 from a zero carry.
        const int series = 30;
        int w = Definition.WindowLength;
        var streams = Enumerable.Range(0, series).Select(s => SeriesEquivalenceTests.Ticks(new TankSeries(300 + s), 0, w + 1)).ToArray();
        await cluster.SpreadAsync(Enumerable.Range(0, series).Select(s => $"sync-{s}"));
        for (int t = 0; t <= w; t++)
            await Task.WhenAll(Enumerable.Range(0, series).Select(s => cluster.Client.GetGrain<ISeriesGrain>($"sync-{s}").Observe(Definition.Name, streams[s][t])));

        var rounds = new List<TrainingRound>();
        await Eventually.HoldsAsync(async () =>
        {
            rounds.Clear();
            var status = await model.Status();
            for (int v = 1; v < status.Version; v++) rounds.Add(await model.GetRound(v) ?? throw new InvalidOperationException($"Round from version {v} is missing."));
            return rounds.Sum(r => r.Samples) == series;
        }, $"all {series} windows trained on");

        Assert.Equal(3, rounds[0].Silos.Count);
        Assert.All(rounds, r => Assert.False(r.ClosedByDeadline));
        Assert.Equal(Enumerable.Range(0, series).Select(s => $"sync-{s}").Order(), rounds.SelectMany(r => r.Windows).Select(k => k.SeriesId).Order());

        // One process: the union batch of each round on the weights it started from, and the same optimizer replayed.
        var replay = ModelNetwork.Build(Definition, w);
        replay.SetWeights(initial);
        foreach (var round in rounds)
        {
            Assert.All(round.Windows, k => Assert.Equal(0, k.StartSequence));
            var (x, y) = UnionBatch(round.Windows.Select(k => streams[int.Parse(k.SeriesId["sync-".Length..])]).ToArray());
            var union = replay.ComputeGradients(x, y);
            Assert.Equal(round.Samples, union.Samples);
            for (int i = 0; i < union.Values.Length; i++)
            {
                float expected = union.Values[i], actual = round.MeanGradient[i];
                Assert.True(Math.Abs(expected - actual) <= 1e-6f + 1e-3f * Math.Abs(expected),
                    $"Round {round.FromVersion}→{round.ToVersion}, gradient {i}: silos summed {actual}, union batch {expected}.");
            }
            replay.ApplyGradients(round.MeanGradient);
        }
        var latest = await model.GetLatest();
        Assert.Equal(1 + rounds.Count, latest.Version);
        var replayed = replay.GetWeights();
        for (int i = 0; i < replayed.Length; i++) Assert.Equal(replayed[i], latest.Weights[i], 1e-6f);

        // The new version reached every silo's batcher.
        await Eventually.HoldsAsync(() => cluster.Silos.All(s =>
            s.Services().GetRequiredService<SiloModels>().BatcherFigures(Definition.Name).Version == latest.Version), "every silo on the latest version");
    }

    /// <summary>
    /// Scaled inputs (with the series inputs the autoregression gives) and targets of each stream's first window, stacked,
    /// as the series grains build them: a target is the change that came, less what the series' own autoregression predicted of it.
    /// </summary>
    private static (Tensor X, Tensor Y) UnionBatch(Tick[][] streams)
    {
        int w = Definition.WindowLength, f = Definition.InputWidth, p = 2;
        var x = new float[streams.Length * w * f];
        var y = new float[streams.Length * w * p];
        for (int b = 0; b < streams.Length; b++)
        {
            var scaler = new FeatureScaler(Definition.LogMask());
            var autoregression = new Autoregression(new AutoregressionState(), p, Definition.Seasons);
            var bases = new float[p];
            var deviations = new float[p];
            var predicted = new float[p];
            for (int t = 0; t <= w; t++)
            {
                var raw = streams[b][t].Features;
                if (t > 0)
                {
                    var changes = new float[p];
                    for (int i = 0; i < p; i++) changes[i] = (scaler.Transform(i, raw[i]) - bases[i]) / deviations[i];
                    for (int i = 0; i < p; i++) y[(b * w + t - 1) * p + i] = changes[i] - predicted[i];
                    autoregression.Learn(changes);
                }
                if (t == w) break;
                scaler.Observe(raw);
                var input = x.AsSpan((b * w + t) * f, f);
                var scaled = input[..2];
                scaler.ScaleLatest(scaled);
                for (int i = 0; i < p; i++)
                {
                    bases[i] = scaler.Transform(i, raw[i]);
                    deviations[i] = scaler.ChangeScale(i);
                }
                autoregression.Push([bases[0], bases[1]], streams[b][t].Timestamp);
                autoregression.Predict(scaled.ToArray(), deviations, predicted);
                autoregression.WriteSeriesInputs(input[2..]);
            }
        }
        return (Tensor.From(x, streams.Length, w, f), Tensor.From(y, streams.Length, w, p));
    }
}
