using System.Globalization;
using System.Net;
using System.Net.Sockets;
using LstmActors.Client.Csv;

namespace LstmActors.Client.Tests;

public sealed class StreamCommandTests
{
    private static List<List<string>> ReadCsv(string path) =>
        File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => CsvLine.Split(l, out _)).ToList();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Writes_one_prediction_row_per_input_row_in_input_order(bool interleaved)
    {
        using var folder = new TempFolder();
        var input = folder.Write("waves.csv", SampleCsv.Waves(series: 5, ticks: 40, interleaved));
        var output = folder.File("predictions.csv");

        var run = await CliRun.RunAsync("stream", "--csv", input, "--embedded", "--out", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        var inputRows = ReadCsv(input);
        var outputRows = ReadCsv(output);
        Assert.Equal(["series", "t", "prediction_level", "prediction_flow", "lower_80_level", "lower_80_flow", "upper_80_level", "upper_80_flow", "anomaly"], outputRows[0]);
        Assert.Equal(inputRows.Count, outputRows.Count);
        for (var i = 1; i < inputRows.Count; i++)
        {
            Assert.Equal(inputRows[i][0], outputRows[i][0]);
            Assert.Equal(inputRows[i][1], outputRows[i][1]);
            Assert.Equal(9, outputRows[i].Count);
            Assert.Contains(outputRows[i][8], new[] { "0", "1" });
            var cells = outputRows[i].Skip(2).Take(6).Select(cell => float.Parse(cell, CultureInfo.InvariantCulture)).ToArray();
            Assert.All(cells, cell => Assert.True(float.IsFinite(cell)));
            // Each prediction lies inside its interval.
            for (var f = 0; f < 2; f++) Assert.InRange(cells[f], cells[2 + f], cells[4 + f]);
        }
    }

    [Fact]
    public async Task Json_summary_counts_rows_and_series()
    {
        using var folder = new TempFolder();
        var input = folder.Write("waves.csv", SampleCsv.Waves(series: 3, ticks: 10, interleaved: true));

        var run = await CliRun.RunAsync("stream", "--csv", input, "--embedded", "--json", "--model", "waves-json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(run.Output.Trim());
        Assert.Equal(30, json.RootElement.GetProperty("rows").GetInt64());
        Assert.Equal(3, json.RootElement.GetProperty("series").GetInt32());
        Assert.Equal("waves-json", json.RootElement.GetProperty("model").GetString());
        Assert.True(json.RootElement.GetProperty("modelCreated").GetBoolean());
    }

    [Theory]
    [InlineData("series,t,a,b\nS,1,1,2\nT,1,3,4\nS,2,5\n", 4, 4, "missing column 'b'")]
    [InlineData("series,t,a,b\nS,1,1,2\nT,1,3,4\nS,2,5,abc\n", 4, 4, "'abc' is not a number")]
    [InlineData("series,t,a,b\nS,1,1,2\nT,1,3,4\nS,2,NaN,1\n", 4, 3, "'NaN' is not a finite number")]
    [InlineData("series,t,a,b\nS,1,1,2\nT,1,3,4\nS,2,5,\n", 4, 4, "series 'S' changes its feature count from 2 (line 2) to 1")]
    public async Task Bad_csv_gives_one_line_naming_file_line_and_column_and_keeps_earlier_ticks(string text, int line, int column, string what)
    {
        using var folder = new TempFolder();
        var input = folder.Write("bad.csv", text);
        var output = folder.File("out.csv");

        var run = await CliRun.RunAsync("stream", "--csv", input, "--embedded", "--out", output);

        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        var message = Assert.Single(run.ErrorLines);
        Assert.Contains($"{input}, line {line}, column {column}: {what}", message);
        // The two rows before the bad one reached their grains: each has its prediction row.
        var written = ReadCsv(output);
        Assert.Equal(3, written.Count);
        Assert.Equal(["S", "1"], written[1].Take(2));
        Assert.Equal(["T", "1"], written[2].Take(2));
    }

    [Fact]
    public async Task A_series_the_model_does_not_fit_is_rejected_with_file_and_line()
    {
        using var folder = new TempFolder();
        // T leaves 'b' empty from its first row: the reader accepts a narrower series, the model (a, b) does not.
        var input = folder.Write("narrow.csv", "series,t,a,b\nS,1,1,2\nS,2,2,3\nT,1,3,\n");

        var run = await CliRun.RunAsync("stream", "--csv", input, "--embedded");

        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        var message = Assert.Single(run.ErrorLines);
        Assert.Contains($"{input}, line 4: ", message);
        Assert.Contains("expected 2 features", message);
    }

    [Fact]
    public async Task A_missing_file_is_an_input_error()
    {
        using var folder = new TempFolder();
        var run = await CliRun.RunAsync("stream", "--csv", folder.File("absent.csv"), "--embedded");
        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains("absent.csv: cannot open the file", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task An_unreachable_gateway_names_the_address_and_exits_3()
    {
        using var folder = new TempFolder();
        var input = folder.Write("waves.csv", SampleCsv.Waves(series: 1, ticks: 3, interleaved: true));
        var port = ClosedPort();

        var run = await CliRun.RunAsync("stream", "--csv", input, "--gateway", $"127.0.0.1:{port}");

        Assert.Equal(ExitCodes.ClusterUnreachable, run.ExitCode);
        Assert.Contains($"127.0.0.1:{port}", Assert.Single(run.ErrorLines));
    }

    [Theory]
    [InlineData("stream")]
    [InlineData("stream", "--csv", "x.csv", "--gateway", "no-port-here")]
    [InlineData("stream", "--csv", "x.csv", "--embedded", "--gateway", "127.0.0.1:30000")]
    [InlineData("no-such-verb")]
    public async Task Usage_errors_exit_1(params string[] args)
    {
        var run = await CliRun.RunAsync(args);
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    /// <summary>A loopback port nobody listens on (bound, then released).</summary>
    internal static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
