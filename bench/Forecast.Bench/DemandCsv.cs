using System.Globalization;
using LstmActors.Grains.Simulation;

namespace LstmActors.Bench.Forecast;

/// <summary>
/// Writes <see cref="DemandSeries"/> as a long tick CSV: series <c>demand-0</c>… (seed = the number), a half-hourly
/// UTC timestamp from Monday 2024-01-01 00:00, the series interleaved tick by tick as a live feed sends them.
/// </summary>
public static class DemandCsv
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes <paramref name="series"/> series of <paramref name="weeks"/> weeks to <paramref name="path"/>.</summary>
    public static void Write(string path, int series, int weeks)
    {
        var generators = Enumerable.Range(0, series).Select(seed => new DemandSeries(seed)).ToArray();
        using var writer = new StreamWriter(path) { NewLine = "\n" };
        writer.WriteLine("series,t,demand");
        for (int t = 0; t < weeks * DemandSeries.StepsPerWeek; t++)
        {
            var time = (Start + TimeSpan.FromTicks(TimeSpan.TicksPerDay / DemandSeries.StepsPerDay * t)).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            for (int s = 0; s < series; s++)
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"demand-{s},{time},{generators[s].Next()[0]:F2}"));
        }
    }
}
