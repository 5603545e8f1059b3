using System.Text.Json;

namespace LstmActors.Client.Tests;

public sealed class SimulateCommandTests
{
    [Fact]
    public async Task Simulate_streams_the_requested_ticks_of_stocks_and_tanks()
    {
        var run = await CliRun.RunAsync("simulate", "--embedded", "--series", "4", "--ticks", "25", "--rate", "400", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Output.Trim());
        Assert.Equal(100, json.RootElement.GetProperty("ticks").GetInt64());
        var kinds = json.RootElement.GetProperty("kinds").EnumerateArray().Select(k => (Model: k.GetProperty("model").GetString(), Ticks: k.GetProperty("ticks").GetInt64())).ToList();
        Assert.Equal([("stocks", 50L), ("tanks", 50L)], kinds.OrderBy(k => k.Model));
    }

    [Fact]
    public async Task A_negative_rate_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("simulate", "--embedded", "--rate", "-5");
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--rate cannot be negative", run.Error);
    }
}
