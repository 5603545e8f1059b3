using System.Globalization;
using LstmActors.Grains.Simulation;

namespace LstmActors.Grains.Tests.Simulation;

public sealed class DemandSeriesTests
{
    private const int Weeks = 8;

    [Fact]
    public void The_same_seed_gives_the_same_demand_and_another_seed_other_demand()
    {
        Assert.Equal(Generate(7), Generate(7));
        Assert.NotEqual(Generate(7), Generate(8));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Changes_correlate_most_one_day_and_one_week_apart(int seed)
    {
        var demand = Generate(seed);
        var changes = demand.Zip(demand.Skip(1), (a, b) => (double)b - a).ToArray();

        // The daily cycle: lag 48 beats every lag within half a day of it. The profile is smooth, so lags within an
        // hour of a peak come close to it and are left out.
        var daily = Autocorrelation(changes, DemandSeries.StepsPerDay);
        Assert.All(AwayFrom(DemandSeries.StepsPerDay, 24),
            lag => Assert.True(Autocorrelation(changes, lag) < daily, $"lag {lag}: {Autocorrelation(changes, lag):F3} ≥ lag 48: {daily:F3}"));
        Assert.True(daily > 0.4, $"lag 48: {daily:F3}");

        // The weekly cycle: lag 336 beats every lag within a day of it, and the daily lag, since weekends differ.
        var weekly = Autocorrelation(changes, DemandSeries.StepsPerWeek);
        Assert.All(AwayFrom(DemandSeries.StepsPerWeek, 48),
            lag => Assert.True(Autocorrelation(changes, lag) < weekly, $"lag {lag}: {Autocorrelation(changes, lag):F3} ≥ lag 336: {weekly:F3}"));
        Assert.True(weekly > daily, $"lag 336: {weekly:F3}, lag 48: {daily:F3}");
    }

    [Fact]
    public void Holidays_fall_on_weekdays_and_lower_demand_like_a_sunday()
    {
        // Over many series some weekdays are holidays; each is lower than the same weekday a week before or after.
        int holidays = 0;
        for (int seed = 0; seed < 40; seed++)
        {
            var series = new DemandSeries(seed);
            var days = new List<(double Total, bool Holiday)>();
            for (int d = 0; d < 7 * Weeks; d++)
            {
                double total = 0;
                for (int s = 0; s < DemandSeries.StepsPerDay; s++) total += series.Next()[0];
                days.Add((total, series.IsHoliday));
            }
            for (int d = 0; d < days.Count; d++)
            {
                if (!days[d].Holiday) continue;
                holidays++;
                Assert.True(d % 7 < 5, $"seed {seed}: holiday on day {d}, a weekend");
                int other = d + 7 < days.Count ? d + 7 : d - 7;
                Assert.True(days[d].Total < 0.95 * days[other].Total, $"seed {seed}: holiday {d} {days[d].Total:F0} vs day {other} {days[other].Total:F0}");
            }
        }
        Assert.InRange(holidays, 5, 40);
    }

    [Fact]
    public void The_committed_demand_file_is_what_the_generator_makes()
    {
        // tests/Data/Demand/demand.csv: series demand-N from seed N, interleaved, values to 2 decimals.
        var generators = new Dictionary<string, DemandSeries>();
        int rows = 0;
        foreach (var line in File.ReadLines(Path.Combine(RepositoryRoot(), "tests", "Data", "Demand", "demand.csv")).Skip(1))
        {
            var fields = line.Split(',');
            if (!generators.TryGetValue(fields[0], out var series))
                generators[fields[0]] = series = new DemandSeries(int.Parse(fields[0]["demand-".Length..], CultureInfo.InvariantCulture));
            Assert.Equal(Math.Round(series.Next()[0], 2), double.Parse(fields[2], CultureInfo.InvariantCulture), 1e-9);
            rows++;
        }
        Assert.Equal(8 * Weeks * DemandSeries.StepsPerWeek, rows);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LstmActors.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"No folder holding LstmActors.sln above {AppContext.BaseDirectory}.");
    }

    private static float[] Generate(int seed)
    {
        var series = new DemandSeries(seed);
        return Enumerable.Range(0, Weeks * DemandSeries.StepsPerWeek).Select(_ => series.Next()[0]).ToArray();
    }

    // Lags within `within` of the peak but more than an hour (two ticks) from it.
    private static IEnumerable<int> AwayFrom(int peak, int within) =>
        Enumerable.Range(peak - within, 2 * within + 1).Where(lag => Math.Abs(lag - peak) > 2);

    private static double Autocorrelation(double[] x, int lag)
    {
        double mean = x.Average(), variance = x.Sum(v => (v - mean) * (v - mean)), covariance = 0;
        for (int i = lag; i < x.Length; i++) covariance += (x[i] - mean) * (x[i - lag] - mean);
        return covariance / variance;
    }
}
