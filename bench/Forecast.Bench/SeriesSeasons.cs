using LstmActors.Grains.Forecasting;

namespace LstmActors.Bench.Forecast;

/// <summary>The seasonal periods of a whole series: Grains' calendar rule on the median spacing of its dated values.</summary>
public static class SeriesSeasons
{
    /// <summary>The periods, in ticks, shortest first; none for a series without dates.</summary>
    public static IReadOnlyList<int> Of(TimeSeries series)
    {
        var steps = series.Times.Zip(series.Times.Skip(1))
            .Where(pair => pair.First is not null && pair.Second is not null)
            .Select(pair => pair.Second!.Value - pair.First!.Value)
            .Order()
            .ToList();
        return steps.Count == 0 ? [] : CalendarSeasons.Of(steps[steps.Count / 2]);
    }
}
