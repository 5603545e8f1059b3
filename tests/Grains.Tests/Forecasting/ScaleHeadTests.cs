using LstmActors.Engine.Losses;
using LstmActors.Grains.Models;
using LstmActors.Grains.Series;
using LstmActors.Grains.Tests.Cluster;
using LstmActors.Grains.Training;

namespace LstmActors.Grains.Tests.Forecasting;

/// <summary>With <see cref="ModelDefinition.ScaleHead"/> the network's predicted scale is the unit of each series' 80% interval.</summary>
public sealed class ScaleHeadTests
{
    private static readonly ModelDefinition Means = ModelDefinition.ForFeatures("means", "waves", ["value"]) with
    {
        Units = 6,
        Training = BuiltInModels.Tanks.Training with { Mode = TrainingMode.Off },
    };

    private static readonly ModelDefinition Scaled = Means with { Name = "scaled", ScaleHead = true };

    private static Tick Wave(int t) => new(t, default, [(float)(50 + 10 * Math.Sin(t / 3.0) + 3 * Math.Sin(t * 1.7))]);

    /// <summary>The scaled model's weights: the means' network, and a scale row of zero weights whose bias gives σ = <paramref name="sigma"/> at every step.</summary>
    private static float[] WithScaleRow(float[] means, int units, float sigma)
    {
        // Flat order: the recurrent layer's weights, then the Dense kernel (H, outputs) row by row, then its bias.
        int recurrent = means.Length - units - 1;
        var weights = new List<float>(means[..recurrent]);
        for (int h = 0; h < units; h++) weights.AddRange([means[recurrent + h], 0f]);
        // softplus⁻¹(σ − minimum scale)
        float raw = (float)Math.Log(Math.Exp(sigma - GaussianNll.MinimumScale) - 1);
        weights.AddRange([means[^1], raw]);
        return [.. weights];
    }

    [Fact]
    public async Task Intervals_are_given_in_the_networks_scale_and_learnt_in_it()
    {
        var (cluster, _) = await Clusters.StartAsync(1);
        await using var _ = cluster;
        // Two models with the same weights, σ = 3 at every step; series a and b see the same ticks, one on each.
        var meanWeights = ModelNetwork.InitialWeights(Means);
        var three = cluster.Client.GetGrain<IModelGrain>("sigma-a");
        var six = cluster.Client.GetGrain<IModelGrain>("sigma-b");
        await three.Define(Scaled with { Name = "sigma-a" });
        await six.Define(Scaled with { Name = "sigma-b" });
        await three.SetWeights(WithScaleRow(meanWeights, Means.Units, sigma: 3f));
        await six.SetWeights(WithScaleRow(meanWeights, Means.Units, sigma: 3f));
        var a = cluster.Client.GetGrain<ISeriesGrain>("a");
        var b = cluster.Client.GetGrain<ISeriesGrain>("b");
        var ticks = Enumerable.Range(0, 300).Select(Wave).ToArray();
        var first = await a.ObserveMany("sigma-a", ticks);
        Assert.Equal(first.Upper, (await b.ObserveMany("sigma-b", ticks)).Upper);

        // From here b's network says σ = 6: its interval, learnt in units of 3 so far, is given in units of 6, twice as wide.
        await six.SetWeights(WithScaleRow(meanWeights, Means.Units, sigma: 6f));
        var aNext = await a.ObserveMany("sigma-a", [Wave(300)]);
        var bNext = await b.ObserveMany("sigma-b", [Wave(300)]);
        Assert.Equal(aNext.Values[0], bNext.Values[0]);
        Assert.Equal(2 * (aNext.Upper![0] - aNext.Values[0]), bNext.Upper![0] - bNext.Values[0], 1e-3f);
        Assert.Equal(2 * (aNext.Values[0] - aNext.Lower![0]), bNext.Values[0] - bNext.Lower![0], 1e-3f);
        // A forecast sums its steps' σ²: twice as wide at every step.
        var aForecast = await a.Forecast(6);
        var bForecast = await b.Forecast(6);
        for (int h = 0; h < 6; h++)
            Assert.Equal(2 * (aForecast.Upper![h] - aForecast.Lower![h]), bForecast.Upper![h] - bForecast.Lower![h], 1e-2f);

        // b's errors are now learnt in units of 6: its interval shrinks back to the errors' size, about a's.
        var more = Enumerable.Range(301, 300).Select(Wave).ToArray();
        var aLater = await a.ObserveMany("sigma-a", more);
        var bLater = await b.ObserveMany("sigma-b", more);
        float aWidth = aLater.Upper![^1] - aLater.Lower![^1], bWidth = bLater.Upper![^1] - bLater.Lower![^1];
        Assert.InRange(bWidth / aWidth, 0.8f, 1.25f);
    }
}
