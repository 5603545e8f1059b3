namespace LstmActors.Client.Tests;

/// <summary>A season no series of its model is longer than: an error before a data-paced replay sends anything, a warning after a time-paced stream.</summary>
public sealed class SeasonLengthTests
{
    /// <summary>Series w0 of 25 ticks (lines 2–26), then w1 of 40 (lines 27–66).</summary>
    private static string Uneven()
    {
        var lines = SampleCsv.Waves(2, 40, interleaved: false).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        lines.RemoveRange(1 + 25, 15);
        return string.Join('\n', lines) + "\n";
    }

    private static string TooLong(string input, int season, string model, string series, int line, int ticks) =>
        $"{input}: season {season} of model '{model}' is longer than its data: its longest series '{series}' ends at line {line} after {ticks} ticks; " +
        "a season needs a series with more ticks than its length (give a shorter --season, or 'none')";

    [Theory]
    [InlineData("stream", "--train")]
    [InlineData("backtest")]
    public async Task A_season_as_long_as_the_longest_series_stops_a_data_paced_replay_before_anything_is_sent(params string[] verb)
    {
        using var folder = new TempFolder();
        var input = folder.Write("uneven.csv", Uneven());
        var output = folder.File("out.csv");

        var run = await CliRun.RunAsync([.. verb, "--csv", input, "--embedded", "--model", "waves", "--season", "7,40", .. verb[0] == "stream" ? new[] { "--out", output } : []]);

        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Equal("error: " + TooLong(input, 40, "waves", "w1", 66, 40), Assert.Single(run.ErrorLines));
        if (verb[0] == "stream") Assert.Single(File.ReadAllLines(output));
    }

    [Fact]
    public async Task Each_model_is_checked_against_its_own_series()
    {
        using var folder = new TempFolder();
        var input = folder.Write("uneven.csv", Uneven());

        var run = await CliRun.RunAsync("stream", "--csv", input, "--embedded", "--train", "--model", "waves", "--model-of", "w0=short", "--season", "30");

        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Equal("error: " + TooLong(input, 30, "short", "w0", 26, 25), Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task A_season_one_tick_shorter_than_the_longest_series_replays()
    {
        using var folder = new TempFolder();
        var input = folder.Write("uneven.csv", Uneven());

        var run = await CliRun.RunAsync("stream", "--csv", input, "--embedded", "--train", "--season", "39");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task A_time_paced_stream_delivers_every_row_and_then_warns()
    {
        using var folder = new TempFolder();
        var input = folder.Write("uneven.csv", Uneven());
        var output = folder.File("out.csv");

        var run = await CliRun.RunAsync("stream", "--csv", input, "--embedded", "--model", "waves", "--season", "40", "--out", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("warning: " + TooLong(input, 40, "waves", "w1", 66, 40), Assert.Single(run.ErrorLines));
        Assert.Equal(1 + 65, File.ReadAllLines(output).Length);
    }

    [Fact]
    public async Task Seasons_from_the_tick_spacing_are_not_held_against_a_short_file()
    {
        using var folder = new TempFolder();
        // Daily ticks give a week, longer than these five days.
        var input = folder.Write("days.csv", "series,t,a\n" + string.Concat(Enumerable.Range(1, 5).Select(d => $"S,2024-01-0{d},{d % 3}\n")));

        var run = await CliRun.RunAsync("backtest", "--csv", input, "--embedded");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(run.Error);
    }
}
