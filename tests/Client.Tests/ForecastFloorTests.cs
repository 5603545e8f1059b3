using System.Globalization;
using LstmActors.Client.Csv;
using Xunit.Abstractions;

namespace LstmActors.Client.Tests;

/// <summary>
/// Issue #15's floors on the committed real series: a data-paced <c>stream --train</c>, then each series' online MAE
/// over its second half divided by the naive forecast's ("next = last") over the same ticks.
/// </summary>
public sealed class ForecastFloorTests(ITestOutputHelper output)
{
    /// <summary>The floors by series; every synthetic demand series (demand-0, demand-1, ...) has the demand floor.</summary>
    private static readonly Dictionary<string, double> Floors = new()
    {
        ["co2"] = 0.5,
        ["nottem"] = 0.6,
        ["AirPassengers"] = 0.8,
        ["Nile"] = 1.02,
        ["demand"] = 0.35,
    };

    [Theory]
    [InlineData("RDatasets/all.csv")]
    [InlineData("Demand/demand.csv")]
    public async Task Online_forecasts_of_real_series_beat_the_naive_forecast_by_the_issues_floors(string file)
    {
        using var folder = new TempFolder();
        var input = Path.Combine(DataFolder(), file);
        var predictions = folder.File("predictions.csv");

        var run = await CliRun.RunAsync("stream", "--csv", input, "--embedded", "--train", "--out", predictions, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var ratios = Ratios(input, predictions);
        foreach (var (name, ratio) in ratios) output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file} {name}: MAE ÷ naive MAE = {ratio:0.000}"));
        var judged = ratios.Select(r => (Series: r.Key, Ratio: r.Value, Floor: Floors.GetValueOrDefault(r.Key.Split('-')[0]))).Where(r => r.Floor > 0).ToList();
        Assert.NotEmpty(judged);
        Assert.All(judged, r => Assert.True(r.Ratio <= r.Floor, string.Create(CultureInfo.InvariantCulture, $"{r.Series}: {r.Ratio:0.000} above the floor {r.Floor}")));
    }

    /// <summary>Per series, the MAE of the one-step predictions over the second half of its ticks ÷ the naive forecast's.</summary>
    private static Dictionary<string, double> Ratios(string input, string predictions)
    {
        static Dictionary<string, List<double>> Column(string path) => File.ReadLines(path).Skip(1).Select(l => CsvLine.Split(l, out _))
            .GroupBy(f => f[0]).ToDictionary(g => g.Key, g => g.Select(f => double.Parse(f[2], CultureInfo.InvariantCulture)).ToList());
        var actual = Column(input);
        var predicted = Column(predictions);
        return actual.ToDictionary(a => a.Key, a =>
        {
            var (x, p) = (a.Value, predicted[a.Key]);
            double model = 0, naive = 0;
            // The prediction written on row t is that of row t + 1.
            for (int t = x.Count / 2; t < x.Count; t++)
            {
                model += Math.Abs(p[t - 1] - x[t]);
                naive += Math.Abs(x[t - 1] - x[t]);
            }
            return model / naive;
        });
    }

    private static string DataFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LstmActors.sln"))) return Path.Combine(dir.FullName, "tests", "Data");
        throw new DirectoryNotFoundException($"No folder holding LstmActors.sln above {AppContext.BaseDirectory}.");
    }
}
