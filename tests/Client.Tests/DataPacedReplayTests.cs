using System.Text.Json;
using LstmActors.Client.Csv;

namespace LstmActors.Client.Tests;

/// <summary><c>stream --train</c> on a file, data-paced: training keeps pace with the data, and a replay is deterministic.</summary>
public sealed class DataPacedReplayTests
{
    private const int Series = 6, Ticks = 100, Window = 16;

    private static async Task<(string Predictions, JsonElement Summary)> StreamAsync(TempFolder folder, string input, string name, params string[] extra)
    {
        var output = folder.File($"{name}.csv");
        var run = await CliRun.RunAsync(["stream", "--csv", input, "--embedded", "--json", "--model", "waves", "--out", output, .. extra]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return (output, JsonDocument.Parse(run.Output.Trim()).RootElement.Clone());
    }

    [Fact]
    public async Task Two_replays_of_a_file_write_byte_identical_predictions_after_one_step_per_window()
    {
        using var folder = new TempFolder();
        var input = folder.Write("waves.csv", SampleCsv.Waves(Series, Ticks, interleaved: true));

        var (first, summary) = await StreamAsync(folder, input, "first", "--train");
        var (second, _) = await StreamAsync(folder, input, "second", "--train");

        Assert.Equal("data", summary.GetProperty("pacing").GetString());
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        // A window closes when the tick after it arrives: floor((ticks - 1) / window) steps per series, all series' windows in one step each.
        Assert.Equal(1 + (Ticks - 1) / Window, summary.GetProperty("modelVersion").GetInt32());
    }

    [Fact]
    public async Task A_replay_on_3_silos_predicts_byte_for_byte_what_1_silo_predicts()
    {
        using var folder = new TempFolder();
        var input = folder.Write("waves.csv", SampleCsv.Waves(Series, Ticks, interleaved: false));

        var (one, _) = await StreamAsync(folder, input, "one", "--train");
        var (three, summary) = await StreamAsync(folder, input, "three", "--train", "--silos", "3");

        Assert.Equal("embedded cluster of 3 silos", summary.GetProperty("cluster").GetString());
        Assert.Equal(File.ReadAllBytes(one), File.ReadAllBytes(three));
    }

    [Fact]
    public async Task Each_window_is_learnt_before_the_series_predict_past_it()
    {
        using var folder = new TempFolder();
        var input = folder.Write("waves.csv", SampleCsv.Waves(Series, Ticks, interleaved: true));

        var (trained, _) = await StreamAsync(folder, input, "trained", "--train");
        // Data-paced too, so both models get the season the waves show together.
        var (untrained, _) = await StreamAsync(folder, input, "untrained", "--pacing", "data");

        // Rows 'series,t,...' with t from 0: the first window of every series runs on the initial weights either way;
        // from the tick that closes it on, every prediction comes from weights that learnt from it.
        var a = File.ReadAllLines(trained).Skip(1).Select(l => CsvLine.Split(l, out _)).ToList();
        var b = File.ReadAllLines(untrained).Skip(1).Select(l => CsvLine.Split(l, out _)).ToList();
        Assert.Equal(a.Count, b.Count);
        for (var i = 0; i < a.Count; i++)
        {
            var t = int.Parse(a[i][1]);
            if (t < Window) Assert.Equal(b[i], a[i]);
            else Assert.NotEqual(b[i].Skip(2), a[i].Skip(2));
        }
    }

    [Fact]
    public async Task Time_pacing_is_still_there_for_whoever_asks_and_data_pacing_without_training_gives_the_untrained_predictions()
    {
        using var folder = new TempFolder();
        var input = folder.Write("waves.csv", SampleCsv.Waves(Series, 40, interleaved: true));

        var (_, timed) = await StreamAsync(folder, input, "timed", "--train", "--pacing", "time");
        var (paced, pacedSummary) = await StreamAsync(folder, input, "paced", "--pacing", "data");
        var (plain, plainSummary) = await StreamAsync(folder, input, "plain");

        Assert.Equal("time", timed.GetProperty("pacing").GetString());
        Assert.Equal(("data", "time"), (pacedSummary.GetProperty("pacing").GetString(), plainSummary.GetProperty("pacing").GetString()));
        Assert.Equal(File.ReadAllBytes(plain), File.ReadAllBytes(paced));
    }

    [Fact]
    public async Task A_tick_the_model_rejects_mid_replay_names_file_and_line_and_the_rows_before_it_are_written()
    {
        using var folder = new TempFolder();
        // T is one feature narrower than the model from its first row; S streams on around it.
        var rows = string.Concat(Enumerable.Range(0, 40).Select(t => $"S,{t},{t % 7},{t % 5}\n"));
        var input = folder.Write("narrow.csv", "series,t,a,b\n" + rows + "T,0,3,\n");
        var output = folder.File("out.csv");

        var run = await CliRun.RunAsync("stream", "--csv", input, "--embedded", "--train", "--out", output);

        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        var message = Assert.Single(run.ErrorLines);
        Assert.Contains($"{input}, line 42: ", message);
        Assert.Contains("expected 2 features", message);
        // S's first block went with T's rejected one; the rows before T's are written.
        Assert.Equal(1 + Window, File.ReadAllLines(output).Length);
    }

    [Theory]
    [InlineData("48,336", new[] { 48, 336 })]
    [InlineData("none", new int[0])]
    [InlineData(null, null)]
    public async Task Season_names_the_periods_of_a_new_models_autoregression_and_without_it_they_come_from_the_spacing(string? season, int[]? periods)
    {
        using var folder = new TempFolder();
        var input = folder.Write("waves.csv", SampleCsv.Waves(2, 10, interleaved: true));

        var (_, summary) = await StreamAsync(folder, input, "seasons", season is null ? [] : ["--season", season]);

        Assert.True(summary.GetProperty("autoregression").GetBoolean());
        var seasons = summary.GetProperty("seasons");
        Assert.Equal(periods, seasons.ValueKind == JsonValueKind.Null ? null : seasons.EnumerateArray().Select(p => p.GetInt32()).ToArray());
    }

    [Theory]
    [InlineData("1")]
    [InlineData("48,x")]
    [InlineData("20000")]
    public async Task A_season_that_is_not_a_period_is_a_usage_error_naming_it(string season)
    {
        var run = await CliRun.RunAsync("stream", "--csv", "x.csv", "--embedded", "--season", season);
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--season", run.Error);
    }

    [Fact]
    public async Task Series_go_to_the_model_their_id_matches_or_with_model_per_series_to_their_own()
    {
        using var folder = new TempFolder();
        var input = folder.Write("waves.csv", SampleCsv.Waves(4, 40, interleaved: true));

        var (predictions, summary) = await StreamAsync(folder, input, "routed", "--train", "--model-of", "w[01]=first", "--model-per-series");

        var models = summary.GetProperty("models").EnumerateObject().ToDictionary(m => m.Name, m => m.Value.GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["first"] = 2, ["waves/w2"] = 1, ["waves/w3"] = 1 }, models);
        // Each model steps on its own series' windows: w2 alone in its model predicts otherwise than beside w3 in one model.
        var (shared, _) = await StreamAsync(folder, input, "shared", "--train");
        var own = File.ReadLines(predictions).Where(l => l.StartsWith("w2,", StringComparison.Ordinal)).ToList();
        var together = File.ReadLines(shared).Where(l => l.StartsWith("w2,", StringComparison.Ordinal)).ToList();
        Assert.Equal(own.Take(Window), together.Take(Window));
        Assert.NotEqual(own.Skip(Window), together.Skip(Window));
    }

    [Theory]
    [InlineData("(=x", "is not a regular expression")]
    [InlineData("no-model", "give PATTERN=MODEL")]
    public async Task A_model_pattern_that_does_not_parse_is_a_usage_error_naming_it(string route, string what)
    {
        var run = await CliRun.RunAsync("stream", "--csv", "x.csv", "--embedded", "--model-of", route);
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains($"--model-of '{route}'", run.Error);
        Assert.Contains(what, run.Error);
    }
}
