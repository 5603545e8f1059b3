using System.Text.Json;

namespace LstmActors.Client.Tests;

/// <summary><c>--model-column COLUMN</c>: each row names its series' model in a CSV column that is not a feature.</summary>
public sealed class ModelColumnTests
{
    private static async Task<(string Predictions, JsonElement Summary)> StreamAsync(TempFolder folder, string input, string name, params string[] extra)
    {
        var output = folder.File($"{name}.csv");
        var run = await CliRun.RunAsync(["stream", "--csv", input, "--embedded", "--json", "--train", "--model", "waves", "--out", output, .. extra]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return (output, JsonDocument.Parse(run.Output.Trim()).RootElement.Clone());
    }

    private static Dictionary<string, int> Models(JsonElement summary) =>
        summary.GetProperty("models").EnumerateObject().ToDictionary(m => m.Name, m => m.Value.GetInt32());

    [Fact]
    public async Task Series_go_to_the_model_their_rows_name_after_the_model_of_patterns_exactly_as_patterns_alone_would_send_them()
    {
        using var folder = new TempFolder();
        var waves = SampleCsv.Waves(4, 40, interleaved: true);
        var kinds = folder.Write("kinds.csv", SampleCsv.WithColumn(waves, "kind", series => series is "w0" or "w2" ? "pumps" : "gauges"));
        var plain = folder.Write("plain.csv", waves);

        var (byColumn, summary) = await StreamAsync(folder, kinds, "by-column", "--model-column", "kind", "--model-of", "w3=special");
        var (byPattern, _) = await StreamAsync(folder, plain, "by-pattern", "--model-of", "w3=special", "--model-of", "w0|w2=pumps", "--model-of", "w1=gauges");

        Assert.Equal(new Dictionary<string, int> { ["pumps"] = 2, ["gauges"] = 1, ["special"] = 1 }, Models(summary));
        // The column is no feature: the models predict level and flow, and the data-paced replay predicts what the same routing by patterns does.
        Assert.StartsWith("series,t,prediction_level,prediction_flow,", File.ReadLines(byColumn).First());
        Assert.Equal(File.ReadAllBytes(byPattern), File.ReadAllBytes(byColumn));
    }

    [Fact]
    public async Task A_series_whose_rows_name_two_models_is_refused_naming_file_line_and_both_and_the_rows_before_are_written()
    {
        using var folder = new TempFolder();
        var input = folder.Write("kinds.csv", "series,t,kind,a\nS,1,pumps,1\nT,1,gauges,2\nS,2,pumps,3\nS,3,gauges,4\n");
        var output = folder.File("out.csv");

        var run = await CliRun.RunAsync("stream", "--csv", input, "--embedded", "--model-column", "kind", "--out", output);

        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Equal($"error: {input}, line 5, column 3: series 'S' names model 'gauges' (kind), but 'pumps' on line 2", Assert.Single(run.ErrorLines));
        Assert.Equal(4, File.ReadAllLines(output).Length);
    }

    [Theory]
    [InlineData("stream")]
    [InlineData("backtest")]
    public async Task A_model_column_the_header_does_not_have_names_file_line_1_and_the_columns_there_are(string verb)
    {
        using var folder = new TempFolder();
        var input = folder.Write("waves.csv", SampleCsv.Waves(2, 5, interleaved: true));

        var run = await CliRun.RunAsync(verb, "--csv", input, "--embedded", "--model-column", "kind");

        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Equal($"error: {input}, line 1: the header has no model column 'kind' after 'series,t' (--model-column); its columns are series, t, level, flow",
            Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task A_model_column_leaves_no_series_for_model_per_series_so_both_together_are_a_usage_error()
    {
        var run = await CliRun.RunAsync("stream", "--csv", "x.csv", "--embedded", "--model-column", "kind", "--model-per-series");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal("error: --model-per-series cannot be used with --model-column: every row names its series' model there", Assert.Single(run.ErrorLines));
    }
}
