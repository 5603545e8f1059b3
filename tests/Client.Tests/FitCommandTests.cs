using System.Globalization;
using System.Text.Json;
using LstmActors.Client.Csv;
using LstmActors.Grains.Models;

namespace LstmActors.Client.Tests;

public sealed class FitCommandTests
{
    /// <summary>Sum over the output of (prediction − the series' next input row)², for the first <paramref name="rowsPerSeries"/> rows of each series.</summary>
    private static double EarlyError(string input, string predictions, int rowsPerSeries)
    {
        var inputs = File.ReadLines(input).Skip(1).Select(l => CsvLine.Split(l, out _)).ToList();
        var outputs = File.ReadLines(predictions).Skip(1).Select(l => CsvLine.Split(l, out _)).ToList();
        Assert.Equal(inputs.Count, outputs.Count);
        var next = new Dictionary<(string, int), double[]>();
        var indexInSeries = new Dictionary<string, int>();
        var rows = new List<(string Series, int K, double[] Predicted)>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var s = inputs[i][0];
            var k = indexInSeries[s] = indexInSeries.GetValueOrDefault(s, -1) + 1;
            next[(s, k)] = inputs[i].Skip(2).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            rows.Add((s, k, outputs[i].Skip(2).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()));
        }
        double sum = 0;
        foreach (var (series, k, predicted) in rows.Where(r => r.K < rowsPerSeries))
        {
            var actual = next[(series, k + 1)];
            sum += predicted.Zip(actual).Sum(p => (p.First - p.Second) * (p.First - p.Second));
        }
        return sum;
    }

    [Fact]
    public async Task Fit_then_stream_starts_from_the_fitted_weights_with_lower_early_error_than_from_scratch()
    {
        using var folder = new TempFolder();
        var history = folder.Write("history.csv", SampleCsv.Waves(series: 8, ticks: 250, interleaved: true));
        var model = folder.File("waves.lstm");

        var fit = await CliRun.RunAsync("fit", "--csv", history, "--model", "waves", "--out", model, "--epochs", "8", "--json");

        Assert.True(fit.ExitCode == 0, fit.ToString());
        using (var json = JsonDocument.Parse(fit.Output.Trim()))
        {
            var epochs = json.RootElement.GetProperty("history").EnumerateArray().ToList();
            Assert.True(epochs[^1].GetProperty("error").GetDouble() < epochs[0].GetProperty("error").GetDouble(), fit.Output);
        }
        var fitted = FittedModelFile.Load(model);
        Assert.Equal(["level", "flow"], fitted.Definition.Features);

        // New series (other phases) never seen in fitting; no online training in either run.
        var fresh = folder.Write("fresh.csv", SampleCsv.Waves(series: 6, ticks: 40, interleaved: true, phaseSeed: 11));
        var fromFit = folder.File("from-fit.csv");
        var fromScratch = folder.File("from-scratch.csv");
        var a = await CliRun.RunAsync("stream", "--csv", fresh, "--embedded", "--model", "waves", "--weights", model, "--out", fromFit);
        var b = await CliRun.RunAsync("stream", "--csv", fresh, "--embedded", "--model", "scratch", "--out", fromScratch);
        Assert.True(a.ExitCode == 0, a.ToString());
        Assert.True(b.ExitCode == 0, b.ToString());

        var fittedError = EarlyError(fresh, fromFit, rowsPerSeries: 30);
        var scratchError = EarlyError(fresh, fromScratch, rowsPerSeries: 30);
        // Both runs add each series' own autoregression, which does much of the early work in either; the fitted network still takes off a tenth or more.
        Assert.True(fittedError < 0.9 * scratchError, $"early squared error from fitted weights {fittedError}, from scratch {scratchError}");
    }

    [Fact]
    public async Task Fit_on_a_bad_csv_names_the_line_and_exits_2()
    {
        using var folder = new TempFolder();
        var history = folder.Write("history.csv", "series,t,a\nS,1,1\nS,2,inf\n");
        var run = await CliRun.RunAsync("fit", "--csv", history, "--model", "m", "--out", folder.File("m.lstm"));
        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains($"{history}, line 3, column 3: 'inf' is not a finite number", Assert.Single(run.ErrorLines));
        Assert.False(File.Exists(folder.File("m.lstm")));
    }

    [Fact]
    public async Task Loading_a_file_that_is_not_a_model_is_an_input_error()
    {
        using var folder = new TempFolder();
        var notModel = folder.Write("not-a-model.lstm", "hello");
        var input = folder.Write("x.csv", SampleCsv.Waves(series: 1, ticks: 3, interleaved: true));
        var run = await CliRun.RunAsync("stream", "--csv", input, "--embedded", "--weights", notModel);
        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains($"{notModel}: not a usable model file", Assert.Single(run.ErrorLines));
    }
}
