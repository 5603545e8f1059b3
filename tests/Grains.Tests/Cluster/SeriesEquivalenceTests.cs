using LstmActors.Grains.Models;
using LstmActors.Grains.Series;
using LstmActors.Grains.Simulation;
using LstmActors.Grains.Tests.Reference;
using LstmActors.Grains.Training;

namespace LstmActors.Grains.Tests.Cluster;

public sealed class SeriesEquivalenceTests
{
    internal static readonly ModelDefinition Frozen = BuiltInModels.Tanks with
    {
        Name = "tanks-frozen",
        Units = 8,
        Layers = 2,
        Training = BuiltInModels.Tanks.Training with { Mode = TrainingMode.Off },
    };

    internal static Tick[] Ticks(SyntheticSeries source, long start, int count) =>
        Enumerable.Range(0, count).Select(i => new Tick(start + i, DateTimeOffset.UnixEpoch.AddMinutes(start + i), source.Next())).ToArray();

    [Theory]
    [InlineData(RecurrentCell.Lstm)]
    [InlineData(RecurrentCell.Gru)]
    public async Task Predictions_from_three_silos_equal_the_engine_run_alone_per_series_whatever_the_batching(RecurrentCell cell)
    {
        var (cluster, _) = await Clusters.StartAsync(3);
        await using var _ = cluster;
        var definition = Frozen with { Name = $"tanks-frozen-{cell}".ToLowerInvariant(), Cell = cell };
        var model = cluster.Client.GetGrain<IModelGrain>(definition.Name);
        await model.Define(definition);
        var weights = (await model.GetLatest()).Weights;

        const int series = 48, ticks = 40;
        var streams = Enumerable.Range(0, series).Select(s => Ticks(new TankSeries(100 + s), 0, ticks)).ToArray();
        var predictions = new float[series][];
        await cluster.SpreadAsync(Enumerable.Range(0, series).Select(s => $"tank-{s}"));
        await Task.WhenAll(Enumerable.Range(0, series).Select(async s =>
        {
            var grain = cluster.Client.GetGrain<ISeriesGrain>($"tank-{s}");
            var random = new Random(s);
            predictions[s] = new float[ticks * 2];
            for (int t = 0; t < ticks;)
            {
                int count = Math.Min(ticks - t, 1 + random.Next(6));
                if (count == 1)
                {
                    var single = await grain.Observe(definition.Name, streams[s][t]);
                    Assert.False(single.Duplicate);
                    single.Values.CopyTo(predictions[s], t * 2);
                }
                else
                {
                    var block = await grain.ObserveMany(definition.Name, streams[s][t..(t + count)]);
                    Assert.Equal((t, count, 0), ((int)block.FirstSequence, block.Count, block.Duplicates));
                    block.Values.CopyTo(predictions[s], t * 2);
                }
                t += count;
            }
        }));

        for (int s = 0; s < series; s++)
        {
            var reference = new ReferenceSeries(definition, weights);
            for (int t = 0; t < ticks; t++)
                ReferenceSeries.AssertClose(reference.Observe(streams[s][t]), predictions[s].AsSpan(t * 2, 2), $"tank-{s}", t);
        }
        var statuses = await Task.WhenAll(Enumerable.Range(0, series).Select(s => cluster.Client.GetGrain<ISeriesGrain>($"tank-{s}").Status()));
        Assert.All(statuses, st => Assert.Equal((definition.Name, ticks, ticks - 1L, 1), (st.Model, st.TicksSeen, st.LastSequence, st.ModelVersion)));
        Assert.Equal(3, statuses.Select(st => st.Silo).Distinct().Count());
    }

    [Fact]
    public async Task Duplicates_are_acknowledged_gaps_and_bad_ticks_are_rejected_and_the_carry_is_untouched()
    {
        var (cluster, _) = await Clusters.StartAsync(2);
        await using var _ = cluster;
        var model = cluster.Client.GetGrain<IModelGrain>(Frozen.Name);
        await model.Define(Frozen);
        var reference = new ReferenceSeries(Frozen, (await model.GetLatest()).Weights);
        var grain = cluster.Client.GetGrain<ISeriesGrain>("tank-checks");
        var ticks = Ticks(new TankSeries(7), 10, 12);

        var first = await grain.ObserveMany(Frozen.Name, ticks[..5]);
        for (int t = 0; t < 5; t++) ReferenceSeries.AssertClose(reference.Observe(ticks[t]), first.Values.AsSpan(t * 2, 2), "tank-checks", 10 + t);

        var again = await grain.Observe(Frozen.Name, ticks[4]);
        Assert.True(again.Duplicate);
        Assert.Equal(first.Values[8..10], again.Values);
        var older = await grain.Observe(Frozen.Name, ticks[1]);
        Assert.True(older.Duplicate);
        Assert.Empty(older.Values);

        var gap = await Assert.ThrowsAsync<TickSequenceException>(() => grain.Observe(Frozen.Name, ticks[6]));
        Assert.Equal(("tank-checks", 15L, 16L), (gap.SeriesId, gap.Expected, gap.Received));
        Assert.Contains("'tank-checks' expected tick 15", gap.Message);
        Assert.Contains("gap", gap.Message);
        var disorder = await Assert.ThrowsAsync<TickSequenceException>(() => grain.ObserveMany(Frozen.Name, [ticks[5], ticks[7], ticks[6]]));
        Assert.Contains("expected tick 16, gap: tick 17 arrived after tick 15", disorder.Message);
        var backwards = await Assert.ThrowsAsync<TickSequenceException>(() => grain.ObserveMany(Frozen.Name, [ticks[5], ticks[6], ticks[5]]));
        Assert.Contains("expected tick 17, out of order: tick 15 arrived after tick 16", backwards.Message);

        var wrongCount = await Assert.ThrowsAsync<InvalidTickException>(() => grain.Observe(Frozen.Name, ticks[5] with { Features = [1f, 2f, 3f] }));
        Assert.Equal(("tank-checks", 15L), (wrongCount.SeriesId, wrongCount.Sequence));
        Assert.Contains("tick 15: expected 2 features (pressure, temperature) for model 'tanks-frozen', got 3", wrongCount.Message);
        var nan = await Assert.ThrowsAsync<InvalidTickException>(() => grain.ObserveMany(Frozen.Name, [ticks[5], ticks[6] with { Features = [float.NaN, 20f] }]));
        Assert.Contains("tick 16: feature 'pressure' is NaN", nan.Message);
        var otherModel = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Observe("tanks", ticks[5]));
        Assert.Contains("belongs to model 'tanks-frozen'", otherModel.Message);

        // None of the rejected ticks moved the series: the next ticks continue exactly where tick 14 left it.
        var rest = await grain.ObserveMany(Frozen.Name, ticks[5..]);
        Assert.Equal((15L, 7, 0), (rest.FirstSequence, rest.Count, rest.Duplicates));
        for (int t = 5; t < 12; t++) ReferenceSeries.AssertClose(reference.Observe(ticks[t]), rest.Values.AsSpan((t - 5) * 2, 2), "tank-checks", 10 + t);
        var status = await grain.Status();
        Assert.Equal((12L, 21L), (status.TicksSeen, status.LastSequence));
    }

    [Fact]
    public async Task Reset_zeroes_the_carry_and_forecast_leaves_it_untouched()
    {
        var (cluster, _) = await Clusters.StartAsync(2);
        await using var _ = cluster;
        var model = cluster.Client.GetGrain<IModelGrain>(Frozen.Name);
        await model.Define(Frozen);
        var reference = new ReferenceSeries(Frozen, (await model.GetLatest()).Weights);
        var grain = cluster.Client.GetGrain<ISeriesGrain>("tank-reset");
        var ticks = Ticks(new TankSeries(8), 0, 30);

        var block = await grain.ObserveMany(Frozen.Name, ticks[..10]);
        for (int t = 0; t < 10; t++) reference.Observe(ticks[t]);

        var forecast = await grain.Forecast(6);
        Assert.Equal((9L, 6, 12), (forecast.FromSequence, forecast.Horizon, forecast.Values.Length));
        Assert.Equal(block.Values[18..20], forecast.Values[0..2]);
        Assert.Equal(forecast.Values, (await grain.Forecast(6)).Values);
        Assert.NotEqual(forecast.Values[0..2], forecast.Values[10..12]);

        var next = await grain.ObserveMany(Frozen.Name, ticks[10..20]);
        for (int t = 10; t < 20; t++) ReferenceSeries.AssertClose(reference.Observe(ticks[t]), next.Values.AsSpan((t - 10) * 2, 2), "tank-reset", t);

        await grain.Reset();
        reference.Reset();
        var afterReset = await grain.ObserveMany(Frozen.Name, ticks[20..]);
        for (int t = 20; t < 30; t++) ReferenceSeries.AssertClose(reference.Observe(ticks[t]), afterReset.Values.AsSpan((t - 20) * 2, 2), "tank-reset", t);
    }
}
