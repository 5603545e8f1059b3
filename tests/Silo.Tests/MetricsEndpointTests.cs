using System.Globalization;
using System.Text.RegularExpressions;
using LstmActors.Grains.Models;
using LstmActors.Grains.Series;

namespace LstmActors.Silo.Tests;

/// <summary>The silo's /metrics: Prometheus text through OpenTelemetry, Orleans' meter and the silo's own, counting under load.</summary>
public sealed partial class MetricsEndpointTests
{
    private static readonly TimeSpan Deadline = SiloExecutable.Deadline;

    // A sample line of Prometheus' text format: name, optional labels, value, optional timestamp.
    [GeneratedRegex("""^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? ([-+]?[0-9.eE+-]+|NaN|[-+]Inf)( -?[0-9]+)?$""")]
    private static partial Regex SampleLine();

    [Fact]
    public async Task Metrics_parse_as_prometheus_text_and_the_tick_counter_grows_with_the_ticks_sent()
    {
        using var folder = new TempFolder();
        var clusterId = $"metrics-{Guid.NewGuid():N}"[..16];
        var (silo, gateway) = await SiloExecutable.StartJoinedAsync(folder, ["--cluster-id", clusterId, "--storage", "memory", "--health-port", "0"]);
        await using (silo)
        {
            var metrics = new Uri(await SiloExecutable.HealthUrlOfAsync(silo), "/metrics");
            using var http = new HttpClient { Timeout = Deadline };
            await using var client = await ClusterClient.ConnectAsync(gateway, clusterId);
            var tanks = BuiltInModels.Tanks.Name;
            var series = client.Grains.GetGrain<ISeriesGrain>("metered-tank");
            await series.ObserveMany(tanks, Ticks(0, 5));

            var first = await ScrapeAsync(http, metrics);
            Assert.Equal(5, Value(first, "lstmactors_ticks_total", tanks));
            Assert.Equal(1, Value(first, "lstmactors_model_version", tanks));
            Assert.Contains(first, l => l.StartsWith("lstmactors_batch_size_bucket{", StringComparison.Ordinal));
            Assert.Contains(first, l => l.StartsWith("lstmactors_step_duration_seconds_bucket{", StringComparison.Ordinal));
            Assert.Contains(first, l => l.StartsWith("orleans_", StringComparison.Ordinal));

            // The exporter caches a scrape briefly: the new count shows on a later one.
            await series.ObserveMany(tanks, Ticks(5, 7));
            await Eventually.HoldsAsync(async () => Value(await ScrapeAsync(http, metrics), "lstmactors_ticks_total", tanks) == 12, "12 ticks counted");
            Assert.Equal(0, await silo.TerminateAsync(Deadline));
        }
    }

    private static Tick[] Ticks(long start, int count) =>
        Enumerable.Range(0, count).Select(i => new Tick(start + i, DateTimeOffset.UnixEpoch.AddMinutes(start + i), [1f + 0.1f * i, 20f - 0.2f * i])).ToArray();

    /// <summary>The scrape's lines; every one is a comment or a sample line of Prometheus' text format.</summary>
    private static async Task<string[]> ScrapeAsync(HttpClient http, Uri metrics)
    {
        var response = await http.GetAsync(metrics);
        response.EnsureSuccessStatusCode();
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.True(l.StartsWith('#') || SampleLine().IsMatch(l), $"Not Prometheus text: {l}"));
        return lines;
    }

    /// <summary>The value of <paramref name="name"/> labelled with model <paramref name="model"/>.</summary>
    private static double Value(string[] lines, string name, string model)
    {
        var line = Assert.Single(lines, l => l.StartsWith(name + "{", StringComparison.Ordinal) && l.Contains($"model=\"{model}\"", StringComparison.Ordinal));
        return double.Parse(line[(line.LastIndexOf('}') + 2)..].Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
