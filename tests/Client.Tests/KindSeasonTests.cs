using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LstmActors.Client.Tests;

/// <summary>A data-paced replay defines the model it creates with the season its series show together (issue #15's detection per kind).</summary>
public sealed class KindSeasonTests
{
    /// <summary>
    /// <paramref name="series"/> series of <paramref name="ticks"/> ticks: a trend, a season of <paramref name="period"/>
    /// (0: none, a random walk) at a phase of their own, and noise; step numbers, or monthly dates when <paramref name="dated"/>.
    /// </summary>
    private static string Csv(int series, int ticks, int period, bool dated = false)
    {
        var random = new Random(8);
        var text = new StringBuilder("series,t,value\n");
        for (int s = 0; s < series; s++)
        {
            double phase = random.NextDouble() * 2 * Math.PI, level = 100 + 10 * s;
            for (int t = 0; t < ticks; t++)
            {
                level += period == 0 ? random.NextDouble() * 2 - 1 : 0.2;
                double value = level + (period == 0 ? 0 : 5 * Math.Sin(2 * Math.PI * t / period + phase) + random.NextDouble());
                string time = dated ? new DateTime(2000, 1, 1).AddMonths(t).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : (t + 1).ToString(CultureInfo.InvariantCulture);
                text.Append(CultureInfo.InvariantCulture, $"k{s},{time},{value:0.0000}\n");
            }
        }
        return text.ToString();
    }

    private static async Task<(int[]? Seasons, string Output)> StreamAsync(string csv, params string[] extra)
    {
        using var folder = new TempFolder();
        var input = folder.Write("kind.csv", csv);
        var run = await CliRun.RunAsync(["stream", "--csv", input, "--embedded", "--train", .. extra]);
        Assert.True(run.ExitCode == 0, run.ToString());
        if (!extra.Contains("--json")) return (null, run.Output);
        var seasons = JsonDocument.Parse(run.Output.Trim()).RootElement.GetProperty("seasons");
        return (seasons.ValueKind == JsonValueKind.Null ? null : seasons.EnumerateArray().Select(p => p.GetInt32()).ToArray(), run.Output);
    }

    [Fact]
    public async Task Series_too_short_to_show_their_season_alone_give_it_to_their_model_together_and_say_so()
    {
        // Eight series of 30 changes: each is too short for its own first check (48), the eight together show 8.
        var (seasons, _) = await StreamAsync(Csv(series: 8, ticks: 31, period: 8), "--json");
        Assert.Equal(new[] { 8 }, seasons);

        var (_, output) = await StreamAsync(Csv(series: 8, ticks: 31, period: 8));
        Assert.Contains("season 8 found in the first changes of its 8 series together", output);
    }

    [Fact]
    public async Task Random_walks_calendars_and_a_given_season_leave_the_model_without_a_pooled_one()
    {
        Assert.Null((await StreamAsync(Csv(series: 8, ticks: 100, period: 0), "--json")).Seasons);
        // Monthly dates: each series' season comes from its calendar, as before.
        Assert.Null((await StreamAsync(Csv(series: 8, ticks: 31, period: 8, dated: true), "--json")).Seasons);
        var given = await StreamAsync(Csv(series: 8, ticks: 31, period: 8), "--json", "--season", "5");
        Assert.Equal(new[] { 5 }, given.Seasons);
    }
}
