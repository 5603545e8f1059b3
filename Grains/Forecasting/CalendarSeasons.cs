namespace LstmActors.Grains.Forecasting;

/// <summary>
/// The seasonal periods a spacing of ticks implies: a day and a week for intraday ticks, a week for daily ticks, a year
/// for monthly and quarterly ticks, none for yearly ticks or ticks without dates. One rule for every series, so nothing
/// is tuned to one file.
/// </summary>
public static class CalendarSeasons
{
    /// <summary>The periods of a whole series from the median spacing of its consecutive dated ticks (null: no date); none without two.</summary>
    public static int[] OfTimes(IEnumerable<DateTimeOffset?> times)
    {
        var list = times.ToList();
        var steps = list.Zip(list.Skip(1)).Where(p => p.First is not null && p.Second is not null).Select(p => p.Second!.Value - p.First!.Value).Order().ToList();
        return steps.Count == 0 ? [] : Of(steps[steps.Count / 2]);
    }

    /// <summary>The periods, in ticks, shortest first, for ticks <paramref name="spacing"/> apart.</summary>
    public static int[] Of(TimeSpan spacing)
    {
        double days = spacing.TotalDays;
        if (days <= 0) return [];
        if (days < 1)
        {
            double perDay = 1 / days;
            if (7 * perDay > Models.ModelDefinition.MaxSeason) return [];
            int rounded = (int)Math.Round(perDay);
            return Math.Abs(perDay - rounded) < 1e-6 ? [rounded, 7 * rounded] : [];
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
