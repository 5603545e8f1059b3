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

    [Fact]
    public void Short_series_of_a_kind_show_their_season_together()
    {
        // Six series of 20 changes with a noisy season of 6: too short for a series' own first check (48 changes).
        var random = new Random(4);
        var series = Enumerable.Range(0, 6).Select(s =>
        {
            double phase = random.NextDouble() * 2 * Math.PI;
            return Kept(t => 100 * s + 0.2 * t + 5 * Math.Sin(2 * Math.PI * t / 6 + phase) + random.NextDouble());
        }).ToList();

        Assert.True(20 < SeasonDetection.Checks[0]);
        Assert.Equal(6, SeasonDetection.DetectPooled(series.Select(v => (v, 20)).ToList(), 1, out double autocorrelation));
        Assert.True(autocorrelation > SeasonDetection.Threshold);
    }

    [Fact]
    public void Random_walks_pooled_show_no_season_and_series_too_short_to_judge_give_none()
    {
        for (int group = 0; group < 50; group++)
        {
            var walks = Enumerable.Range(0, 8).Select(s => (RandomWalk(1000 + 8 * group + s), 30 + 10 * s)).ToList();
            Assert.Equal(0, SeasonDetection.DetectPooled(walks, 1, out _));
        }
        var seasonal = Kept(t => Math.Sin(2 * Math.PI * t / 4));
        Assert.Equal(0, SeasonDetection.DetectPooled([(seasonal, 30), (seasonal, 5)], 1, out _));
    }
}
