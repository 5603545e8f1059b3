using System.Globalization;
using System.Text.Json;
using LstmActors.Client.Csv;

namespace LstmActors.Client.Tests;

public sealed class BacktestCommandTests
{
    [Fact]
    public async Task Scores_each_series_as_computed_independently_from_the_same_replays_predictions()
    {
        using var folder = new TempFolder();
        var input = Path.Combine(CommittedDataTests.DataFolder(), "RDatasets", "all.csv");
        var predictions = folder.File("p.csv");

        var backtest = await CliRun.RunAsync("backtest", "--csv", input, "--embedded", "--json", "--model", "scored");
        var stream = await CliRun.RunAsync("stream", "--csv", input, "--embedded", "--train", "--model", "streamed", "--out", predictions);

        Assert.True(backtest.ExitCode == 0, backtest.ToString());
        Assert.True(stream.ExitCode == 0, stream.ToString());
        var scores = JsonDocument.Parse(backtest.Output.Trim()).RootElement.GetProperty("series").EnumerateArray()
            .ToDictionary(s => s.GetProperty("series").GetString()!);
        var actual = Column(input, 2);
        var rows = File.ReadLines(predictions).Skip(1).Select(l => CsvLine.Split(l, out _)).GroupBy(f => f[0])
            .ToDictionary(g => g.Key, g => g.Select(f => f.Skip(2).Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray()).ToList());
        Assert.Equal(actual.Keys.Order(), scores.Keys.Order());
        foreach (var (id, x) in actual)
        {
            // Scored from half of the series; MASE scales by the naive forecast's MAE over the ticks before.
            int start = (int)Math.Ceiling(0.5 * x.Count);
            var p = rows[id];
            var scored = Enumerable.Range(start, x.Count - start).ToList();
            double mae = scored.Average(t => Math.Abs(p[t - 1][0] - x[t]));
            double naive = scored.Average(t => Math.Abs(x[t - 1] - x[t]));
            double inSample = Enumerable.Range(1, start - 1).Average(t => Math.Abs(x[t] - x[t - 1]));
            double coverage = scored.Count(t => x[t] >= p[t - 1][1] && x[t] <= p[t - 1][2]) / (double)scored.Count;
            var score = scores[id];
            Assert.Equal(scored.Count, score.GetProperty("ticks").GetInt32());
            Assert.Equal(mae / naive, score.GetProperty("naiveRatio").GetDouble(), 1e-6);
            Assert.Equal(mae / inSample, score.GetProperty("mase").GetDouble(), 1e-6);
            Assert.Equal(coverage, score.GetProperty("coverage80").GetDouble(), 1e-9);
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1.5")]
    public async Task A_start_outside_the_series_is_a_usage_error(string from)
    {
        var run = await CliRun.RunAsync("backtest", "--csv", "x.csv", "--embedded", "--from", from);
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--from", run.Error);
    }

    private static Dictionary<string, List<double>> Column(string path, int column) => File.ReadLines(path).Skip(1).Select(l => CsvLine.Split(l, out _))
        .GroupBy(f => f[0]).ToDictionary(g => g.Key, g => g.Select(f => double.Parse(f[column], CultureInfo.InvariantCulture)).ToList());
}
