using System.Globalization;
using LstmActors.Client.Csv;
using Xunit.Abstractions;

namespace LstmActors.Client.Tests;

/// <summary>
/// Issue #15's floors on the committed real series: a data-paced <c>stream --train</c>, then each series' online MAE
/// over its second half divided by the naive forecast's ("next = last") over the same ticks, and the share of its
/// second half inside the 80% intervals, which must be between 70% and 90%.
/// </summary>
public sealed class ForecastFloorTests(ITestOutputHelper output)
{
    /// <summary>The issue's floors by series (every synthetic demand series, demand-0, demand-1, ..., has the demand floor); the other series' is 1, naive.</summary>
    private static readonly Dictionary<string, double> Floors = new()
    {
        ["co2"] = 0.5,
        ["nottem"] = 0.6,
        ["AirPassengers"] = 0.8,
        ["Nile"] = 1.02,
        ["demand"] = 0.35,
    };

    /// <param name="file">The committed data file.</param>
    /// <param name="scaleHead">Whether the model's network also predicts each change's scale, the unit of the intervals (<c>--scale-head</c>).</param>
    [Theory]
    [InlineData("RDatasets/all.csv", false)]
    [InlineData("Demand/demand.csv", false)]
    [InlineData("RDatasets/all.csv", true)]
    [InlineData("Demand/demand.csv", true)]
    public async Task Online_forecasts_of_real_series_beat_the_naive_forecast_by_the_issues_floors(string file, bool scaleHead)
    {
        using var folder = new TempFolder();
        var input = Path.Combine(CommittedDataTests.DataFolder(), file);
        var predictions = folder.File("predictions.csv");

        var run = await CliRun.RunAsync(["stream", "--csv", input, "--embedded", "--train", "--out", predictions, "--json", .. scaleHead ? ["--scale-head"] : Array.Empty<string>()]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var ratios = Ratios(input, predictions);
        foreach (var (name, (ratio, coverage)) in ratios)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file}{(scaleHead ? " (scale head)" : "")} {name}: MAE ÷ naive MAE = {ratio:0.000}, 80% interval coverage {coverage:P0}"));
        // Every other series must not be worse than naive: its skill weight shrinks forecasts that have gone wrong toward no change.
        var judged = ratios.Select(r => (Series: r.Key, r.Value.Ratio, r.Value.Coverage, Floor: Floors.GetValueOrDefault(r.Key.Split('-')[0], 1.0))).ToList();
        Assert.NotEmpty(judged);
        Assert.All(judged, r => Assert.True(r.Ratio <= r.Floor, string.Create(CultureInfo.InvariantCulture, $"{r.Series}: {r.Ratio:0.000} above the floor {r.Floor}")));
        Assert.All(judged.Where(r => Floors.ContainsKey(r.Series.Split('-')[0])),
            r => Assert.True(r.Coverage is >= 0.7 and <= 0.9, string.Create(CultureInfo.InvariantCulture, $"{r.Series}: 80% interval covers {r.Coverage:P0}")));
    }

    [Fact]
    public async Task On_random_walks_the_forecasts_are_no_worse_than_naive()
    {
        using var folder = new TempFolder();
        var input = folder.Write("walks.csv", SampleCsv.RandomWalks(series: 12, ticks: 1000, seed: 7));
        var predictions = folder.File("predictions.csv");

        var run = await CliRun.RunAsync("stream", "--csv", input, "--embedded", "--train", "--out", predictions, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var ratios = Ratios(input, predictions);
        foreach (var (name, (ratio, coverage)) in ratios)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: MAE ÷ naive MAE = {ratio:0.0000}, 80% interval coverage {coverage:P0}"));
        // Nothing is there to learn; what the network and the autoregression fit to noise costs less than 1%.
        Assert.All(ratios, r => Assert.True(r.Value.Ratio <= 1.01, string.Create(CultureInfo.InvariantCulture, $"{r.Key}: {r.Value.Ratio:0.0000} worse than naive")));
        Assert.True(ratios.Values.Average(r => r.Ratio) <= 1.005, string.Join(", ", ratios.Select(r => $"{r.Key} {r.Value.Ratio:0.0000}")));
    }

    /// <summary>
    /// Per series, over the second half of its ticks: the MAE of the one-step predictions ÷ the naive forecast's, and the
    /// share of ticks inside the 80% interval predicted for them.
    /// </summary>
    private static Dictionary<string, (double Ratio, double Coverage)> Ratios(string input, string predictions)
    {
        static Dictionary<string, List<double[]>> Rows(string path) => File.ReadLines(path).Skip(1).Select(l => CsvLine.Split(l, out _))
            .GroupBy(f => f[0]).ToDictionary(g => g.Key, g => g.Select(f => f.Skip(2).Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray()).ToList());
        var actual = Rows(input);
        var predicted = Rows(predictions);
        return actual.ToDictionary(a => a.Key, a =>
        {
            var (x, p) = (a.Value.Select(r => r[0]).ToList(), predicted[a.Key]);
            double model = 0, naive = 0, inside = 0;
            // The prediction written on row t is that of row t + 1: columns prediction, lower_80, upper_80.
            for (int t = x.Count / 2; t < x.Count; t++)
            {
                model += Math.Abs(p[t - 1][0] - x[t]);
                naive += Math.Abs(x[t - 1] - x[t]);
                if (x[t] >= p[t - 1][1] && x[t] <= p[t - 1][2]) inside++;
            }
            return (model / naive, inside / (x.Count - x.Count / 2));
        });
    }
}
