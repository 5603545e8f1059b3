using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using LstmActors.Client.Csv;

namespace LstmActors.Client.Tests;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task Small_demo_exits_0_and_learns_tanks_and_stocks_better_than_naive()
    {
        using var folder = new TempFolder();
        var output = folder.File("demo.csv");

        var run = await CliRun.RunAsync("demo", "--series", "40", "--ticks", "400", "--out", output, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Output.Trim());
        var root = json.RootElement;
        Assert.Equal(40L * 400, root.GetProperty("ticksAnswered").GetInt64());
        var kinds = root.GetProperty("kinds").EnumerateArray().ToDictionary(k => k.GetProperty("model").GetString()!);
        Assert.Equal(["stocks", "tanks"], kinds.Keys.Order());
        foreach (var kind in kinds.Values)
        {
            Assert.Equal(20, kind.GetProperty("series").GetInt32());
            Assert.True(kind.GetProperty("version").GetInt32() > 1, $"{kind}: the model never stepped");
            Assert.True(kind.GetProperty("recentError").GetDouble() < kind.GetProperty("recentNaiveError").GetDouble(), $"{kind}: not better than naive");
            Assert.True(kind.GetProperty("beatsNaive").GetBoolean());
        }

        // Independently of the grains' own figures: in the predictions file, over the second half of the run, the tanks'
        // predictions are closer to what came next than "next = last" is.
        var rows = File.ReadLines(output).Skip(1).Select(l => CsvLine.Split(l, out _)).ToList();
        Assert.Equal(40L * 400 / 2 * (5 + 2), rows.Count);
        double model = 0, naive = 0;
        foreach (var r in rows.Where(r => r[1] == "tanks" && long.Parse(r[2], CultureInfo.InvariantCulture) > 200))
        {
            double actual = double.Parse(r[4], CultureInfo.InvariantCulture), predicted = double.Parse(r[5], CultureInfo.InvariantCulture), last = double.Parse(r[6], CultureInfo.InvariantCulture);
            model += (predicted - actual) * (predicted - actual);
            naive += (last - actual) * (last - actual);
        }
        Assert.True(model < naive, $"tanks, second half: model squared error {model}, naive {naive}");
    }

    [Fact]
    public async Task Demo_on_two_silos_without_json_prints_a_summary_table_and_names_its_csv()
    {
        using var folder = new TempFolder();
        var output = folder.File("demo.csv");

        var run = await CliRun.RunAsync("demo", "--silos", "2", "--series", "6", "--ticks", "20", "--out", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("summary", run.Output);
        Assert.Contains("stocks", run.Output);
        Assert.Contains("tanks", run.Output);
        Assert.Contains($"Predictions written to {output}", run.Output);
        Assert.Contains("on 2 silo(s)", run.Output);
        Assert.True(File.Exists(output));
    }

    [Fact]
    public async Task Demo_prints_its_live_page_and_with_serve_keeps_serving_it_until_ctrl_c_then_exits_0()
    {
        using var folder = new TempFolder();
        var text = new StringWriter();
        var output = TextWriter.Synchronized(text);
        using var stop = new CancellationTokenSource();
        string Printed()
        {
            lock (output) return text.ToString();
        }

        var run = CliApp.RunAsync(["demo", "--series", "4", "--ticks", "20", "--out", folder.File("demo.csv"), "--serve"], output, new StringWriter(), stop.Token);
        await Eventually.HoldsAsync(() => run.IsCompleted || Printed().Contains("until Ctrl-C", StringComparison.Ordinal), "the demo says it serves until Ctrl-C");
        Assert.False(run.IsCompleted, Printed());
        var page = Regex.Match(Printed(), @"Live page: (?<url>http://127\.0\.0\.1:\d+/)").Groups["url"].Value;
        using (var http = new HttpClient())
        {
            using var response = await http.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        await stop.CancelAsync();
        Assert.Equal(0, await run);
    }
}
