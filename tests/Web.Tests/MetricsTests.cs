using System.Globalization;
using System.Text.RegularExpressions;

namespace LstmActors.Web.Tests;

/// <summary><c>/metrics</c> while the demo streams: Prometheus text with Orleans' meters and the project's own.</summary>
[Collection(StreamedDemoCollection.Name)]
public sealed partial class MetricsTests(StreamedDemo demo)
{
    /// <summary>A sample line of the Prometheus text format: name, optional labels, value, optional timestamp.</summary>
    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>[-+]?([0-9.]+([eE][-+]?[0-9]+)?|Inf|NaN))( -?[0-9]+)?$")]
    private static partial Regex Sample();

    [GeneratedRegex(@"^# (HELP|TYPE|UNIT) [a-zA-Z_:][a-zA-Z0-9_:]* .*$|^# EOF$")]
    private static partial Regex Comment();

    private async Task<IReadOnlyList<(string Name, string Labels, double Value)>> ScrapeAsync()
    {
        var text = await demo.Http.GetStringAsync(new Uri(demo.First, "metrics"));
        var samples = new List<(string, string, double)>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
            {
                Assert.Matches(Comment(), line);
                continue;
            }
            var match = Sample().Match(line);
            Assert.True(match.Success, $"not a Prometheus sample line: {line}");
            samples.Add((match.Groups["name"].Value, match.Groups["labels"].Value, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }
        return samples;
    }

    private async Task<double> TicksAsync() => (await ScrapeAsync()).Where(s => s.Name == "lstmactors_ticks_total").Sum(s => s.Value);

    [Fact]
    public async Task Metrics_parse_as_Prometheus_text_with_ours_and_Orleans()
    {
        var samples = await ScrapeAsync();
        var names = samples.Select(s => s.Name).ToHashSet();
        foreach (var name in new[] { "lstmactors_ticks_total", "lstmactors_predictions_total", "lstmactors_batch_size_bucket", "lstmactors_step_duration_seconds_bucket" })
            Assert.Contains(name, names);
        Assert.Contains(names, n => n.StartsWith("orleans_", StringComparison.Ordinal));
        Assert.Contains(samples, s => s.Name == "lstmactors_ticks_total" && s.Labels.Contains("model=\"stocks\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_tick_counter_increases_under_load()
    {
        var first = await TicksAsync();
        await Eventually.HoldsAsync(async () => await TicksAsync() > first, $"lstmactors_ticks_total rises above {first}");
    }

    [Fact]
    public async Task Training_shows_in_loss_and_version()
    {
        await Eventually.HoldsAsync(async () =>
        {
            var samples = await ScrapeAsync();
            return samples.Any(s => s.Name == "lstmactors_weights_version" && s.Value > 1) && samples.Any(s => s.Name == "lstmactors_training_loss");
        }, "a model's weights version above 1 and its training loss are exported");
    }
}
