using LstmActors.Grains.Series;

namespace LstmActors.Grains.Tests.Series;

public sealed class FeatureScalerTests
{
    [Fact]
    public void Running_statistics_match_two_pass_mean_deviation_and_change_rms_with_log1p_on_marked_features()
    {
        var random = new Random(2);
        var rows = Enumerable.Range(0, 500).Select(_ => new[] { (float)(3000 + 50 * random.NextDouble()), (float)(1e6 * random.NextDouble()) }).ToArray();
        var scaler = new FeatureScaler([false, true]);
        foreach (var row in rows) scaler.Observe(row);

        for (int j = 0; j < 2; j++)
        {
            var values = rows.Select(r => j == 1 ? Math.Log(1 + (double)r[j]) : r[j]).ToArray();
            double mean = values.Average();
            double deviation = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
            double changes = Math.Sqrt(values.Zip(values.Skip(1)).Sum(p => (p.Second - p.First) * (p.Second - p.First)) / (values.Length - 1));
            Assert.Equal(mean, scaler.Mean[j], 1e-6 * Math.Abs(mean));
            Assert.Equal(deviation, scaler.Deviation(j), 1e-4 * deviation);
            Assert.Equal(changes, scaler.ChangeScale(j), 1e-4 * changes);
            Assert.Equal(values[^1], scaler.Last[j], 1e-6 * Math.Abs(values[^1]));
        }
        var scaled = new float[2];
        scaler.ScaleLatest(scaled);
        Assert.Equal((scaler.Last[0] - scaler.Mean[0]) / scaler.Deviation(0), scaled[0], 1e-4);
        Assert.Equal(rows[^1][1], scaler.Untransform(1, scaler.Transform(1, rows[^1][1])), 1e-6f * rows[^1][1]);
    }

    [Fact]
    public void A_five_dollar_and_a_three_thousand_dollar_series_with_the_same_shape_scale_alike()
    {
        var cheap = new FeatureScaler([false]);
        var dear = new FeatureScaler([false]);
        var a = new float[1];
        var b = new float[1];
        for (int t = 0; t < 100; t++)
        {
            double shape = Math.Sin(t / 5.0);
            cheap.Observe([(float)(5 * (1 + 0.1 * shape))]);
            dear.Observe([(float)(3000 * (1 + 0.1 * shape))]);
            cheap.ScaleLatest(a);
            dear.ScaleLatest(b);
            if (t > 2) Assert.Equal(a[0], b[0], 1e-3f);
        }
    }

    [Fact]
    public void Negative_or_non_finite_values_are_not_accepted_where_they_cannot_be_scaled()
    {
        var scaler = new FeatureScaler([false, true]);
        Assert.True(scaler.Accepts(0, -5f));
        Assert.False(scaler.Accepts(1, -0.5f));
        Assert.False(scaler.Accepts(0, float.NaN));
        Assert.False(scaler.Accepts(0, float.PositiveInfinity));
        Assert.Equal(1f, scaler.Deviation(0));
    }
}
