using LstmActors.Grains.Forecasting;

namespace LstmActors.Grains.Tests.Forecasting;

public sealed class SeasonDetectionTests
{
    /// <summary>The first values of one feature, laid out as detection keeps them.</summary>
    private static double[] Kept(Func<int, double> value)
    {
        var kept = new double[SeasonDetection.Values];
        for (int t = 0; t < kept.Length; t++) kept[t] = value(t);
        return kept;
    }

    private static double[] RandomWalk(int seed)
    {
        var random = new Random(seed);
        double level = 100;
        return Kept(_ => level += Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
    }

    [Theory]
    [InlineData(7, 48)]
    [InlineData(12, 48)]
    [InlineData(24, 96)]
    [InlineData(48, 192)]
    public void Finds_the_period_of_a_noisy_season_once_three_periods_of_changes_are_in(int period, int changes)
    {
        var random = new Random(period);
        var values = Kept(t => 50 + 0.1 * t + 10 * Math.Sin(2 * Math.PI * t / period) + random.NextDouble());

        Assert.Equal(period, SeasonDetection.Detect(values, 1, changes, out double autocorrelation));
        Assert.True(autocorrelation > SeasonDetection.Threshold);
    }

    [Fact]
    public void Finds_no_season_in_random_walks()
    {
        for (int seed = 0; seed < 100; seed++)
        {
            var values = RandomWalk(seed);
            foreach (int changes in SeasonDetection.Checks)
                Assert.True(SeasonDetection.Detect(values, 1, changes, out double r) == 0, $"walk {seed}, {changes} changes: autocorrelation {r}");
        }
    }

    [Fact]
    public void A_constant_series_has_no_season()
    {
        Assert.Equal(0, SeasonDetection.Detect(Kept(_ => 3), 1, 48, out _));
    }

    [Fact]
    public void The_features_of_a_series_are_read_together()
    {
        var level = Kept(t => 10 * Math.Sin(2 * Math.PI * t / 12));
        var flow = Kept(t => 3 * Math.Cos(2 * Math.PI * t / 12) + 0.01 * t);

        Assert.Equal(12, SeasonDetection.Detect([.. level, .. flow], 2, 48, out _));
        // Each feature's values are read from its own row: a second row of a walk does not turn up as a season.
        Assert.Equal(0, SeasonDetection.Detect([.. RandomWalk(1), .. RandomWalk(2)], 2, 96, out _));
    }
}
