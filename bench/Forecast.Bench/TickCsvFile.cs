using System.Globalization;

namespace LstmActors.Bench.Forecast;

/// <summary>
/// Reads a long tick CSV (<c>series,t,&lt;feature&gt;...</c>, the format <c>lstmactors stream --csv</c> reads) into its
/// series, first feature only, in order of first appearance. Trusts the file: these are the committed data sets.
/// </summary>
public static class TickCsvFile
{
    /// <summary>The series of <paramref name="path"/>.</summary>
    public static IReadOnlyList<TimeSeries> Read(string path)
    {
        var times = new Dictionary<string, List<DateTimeOffset?>>(StringComparer.Ordinal);
        var values = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var fields = line.Split(',');
            if (!values.TryGetValue(fields[0], out var series))
            {
                order.Add(fields[0]);
                values[fields[0]] = series = [];
                times[fields[0]] = [];
            }
            series.Add(double.Parse(fields[2], CultureInfo.InvariantCulture));
            // The same rule as the client's: the time cell is a time when it parses as a date.
            times[fields[0]].Add(DateTimeOffset.TryParse(fields[1], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null);
        }
        return order.Select(name => new TimeSeries(name, times[name], values[name])).ToList();
    }
}
