using LstmActors.Grains.Models;
using LstmActors.Grains.Series;
using LstmActors.Grains.Tests.Cluster;
using LstmActors.Grains.Training;

namespace LstmActors.Grains.Tests.Forecasting;

public sealed class SeasonalForecastTests
{
    private static readonly ModelDefinition Monthly = ModelDefinition.ForFeatures("monthly", "monthly", ["value"]) with
    {
        Units = 8,
        Training = BuiltInModels.Tanks.Training with { Mode = TrainingMode.Off },
    };

    private static Tick Month(int t) => new(t, new DateTimeOffset(1990, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(t),
        [(float)(200 + 0.5 * t + 20 * Math.Sin(2 * Math.PI * t / 12) + 6 * Math.Cos(4 * Math.PI * t / 12))]);

    [Fact]
    public async Task A_forecast_runs_the_series_own_autoregression_ahead_and_continues_a_yearly_season()
    {
        var (cluster, _) = await Clusters.StartAsync(1);
        await using var _ = cluster;
        var model = cluster.Client.GetGrain<IModelGrain>(Monthly.Name);
        await model.Define(Monthly);
        // The network silenced (every weight 0 outputs no change): what is left is the series' own model.
        await model.SetWeights(new float[(await model.GetLatest()).Weights.Length]);
        var series = cluster.Client.GetGrain<ISeriesGrain>("monthly-0");

        var block = await series.ObserveMany(Monthly.Name, Enumerable.Range(0, 240).Select(Month).ToArray());
        var forecast = await series.Forecast(24);

        var status = await series.Status();
        Assert.Equal([12], status.Seasons!);
        Assert.Equal(block.Values[^1], forecast.Values[0]);
        for (int h = 0; h < 24; h++)
        {
            // The first year's lags are known values; the second year's are the forecast's own, so its errors compound.
            float expected = Month(240 + h).Features[0], tolerance = h < 12 ? 0.01f : 0.03f;
            Assert.True(Math.Abs(forecast.Values[h] - expected) < tolerance * expected, $"step {h + 1}: forecast {forecast.Values[h]}, the season continued {expected}");
        }
        // Not a flat line: the forecast moves with the season.
        Assert.True(forecast.Values.Max() - forecast.Values.Min() > 30, string.Join(", ", forecast.Values));
    }

    [Fact]
    public async Task A_series_without_a_calendar_finds_its_season_in_its_first_changes_and_shows_it()
    {
        var (cluster, _) = await Clusters.StartAsync(1);
        await using var _ = cluster;
        var model = cluster.Client.GetGrain<IModelGrain>(Monthly.Name);
        await model.Define(Monthly);
        await model.SetWeights(new float[(await model.GetLatest()).Weights.Length]);
        var series = cluster.Client.GetGrain<ISeriesGrain>("undated-0");
        // The monthly values without their dates: step numbers only.
        Tick Undated(int t) => Month(t) with { Timestamp = default };

        await series.ObserveMany(Monthly.Name, Enumerable.Range(0, 48).Select(Undated).ToArray());
        Assert.Empty((await series.Status()).Seasons!);
        await series.ObserveMany(Monthly.Name, Enumerable.Range(48, 1).Select(Undated).ToArray());
        Assert.Equal(new[] { 12 }, (await series.Status()).Seasons!);

        var block = await series.ObserveMany(Monthly.Name, Enumerable.Range(49, 191).Select(Undated).ToArray());
        float last = block.Values[^1], expected = Month(240).Features[0];
        Assert.True(Math.Abs(last - expected) < 0.01f * expected, $"prediction {last}, the season continued {expected}");
    }
}
