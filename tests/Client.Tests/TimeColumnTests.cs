namespace LstmActors.Client.Tests;

/// <summary>A time cell that does not parse like the file's first one stops the stream; the rows before it are delivered.</summary>
public sealed class TimeColumnTests
{
    [Theory]
    [InlineData("data")]
    [InlineData("time")]
    public async Task A_time_that_is_not_a_date_in_a_dated_file_names_file_line_column_and_value_and_the_rows_before_it_are_written(string pacing)
    {
        using var folder = new TempFolder();
        var input = folder.Write("dated.csv", "series,t,a\nS,2024-01-01,1\nT,2024-01-01,5\nS,2024-01-02,2\nS,2024-01-0x,3\nS,2024-01-04,4\n");
        var output = folder.File("out.csv");

        var run = await CliRun.RunAsync("stream", "--csv", input, "--embedded", "--train", "--pacing", pacing, "--out", output);

        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Equal($"error: {input}, line 5, column 2: '2024-01-0x' is not a date (t); the file's times are dates from line 2 ('2024-01-01')",
            Assert.Single(run.ErrorLines));
        Assert.Equal(["S,2024-01-01", "T,2024-01-01", "S,2024-01-02"], File.ReadLines(output).Skip(1).Select(l => string.Join(',', l.Split(',').Take(2))));
    }

    [Fact]
    public async Task A_date_among_step_numbers_is_an_input_error()
    {
        using var folder = new TempFolder();
        var input = folder.Write("steps.csv", "series,t,a\nS,1,1\nS,2,2\nS,2024-01-03,3\n");

        var run = await CliRun.RunAsync("backtest", "--csv", input, "--embedded");

        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Equal($"error: {input}, line 4, column 2: '2024-01-03' is not a step number (t); the file's times are step numbers from line 2 ('1')",
            Assert.Single(run.ErrorLines));
    }
}
