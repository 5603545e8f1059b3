namespace LstmActors.Bench.Forecast;

/// <summary>
/// The seasonal periods a series' time spacing implies: a day and a week for intraday ticks, a week for daily ticks,
/// a year for monthly and quarterly ticks, none for yearly ticks or a series without dates. The same rule for every
/// file, so nothing is tuned to one.
/// </summary>
public static class CalendarSeasons
{
    /// <summary>The periods, in ticks, shortest first.</summary>
    public static IReadOnlyList<int> Of(TimeSeries series)
    {
        var steps = series.Times.Zip(series.Times.Skip(1))
            .Where(pair => pair.First is not null && pair.Second is not null)
            .Select(pair => (pair.Second!.Value - pair.First!.Value).TotalDays)
            .Order()
            .ToList();
        if (steps.Count == 0) return [];
        double days = steps[steps.Count / 2];
        if (days <= 0) return [];
        if (days < 1)
        {
            double perDay = 1 / days;
            return Math.Abs(perDay - Math.Round(perDay)) < 1e-6 ? [(int)Math.Round(perDay), 7 * (int)Math.Round(perDay)] : [];
        }
        return days switch
        {
            1 => [7],
            >= 28 and <= 31 => [12],
            >= 89 and <= 92 => [4],
            _ => [],
        };
    }
}
