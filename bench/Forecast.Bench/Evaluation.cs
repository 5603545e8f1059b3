using LstmActors.Grains.Forecasting;
using LstmActors.Bench.Forecast.Forecasters;

namespace LstmActors.Bench.Forecast;

/// <summary>
/// Runs each forecaster through a series strictly online — the value at t is predicted from the values before t, then
/// learned — and scores the predictions of the series' second half, after every forecaster has had the first to learn.
/// </summary>
public static class Evaluation
{
    /// <summary>The scores of naive, seasonal naive (longest period) and the online AR on <paramref name="series"/>.</summary>
    public static SeriesResult Run(TimeSeries series, ArSettings settings)
    {
        var periods = CalendarSeasons.OfTimes(series.Times);
        int from = series.Values.Count / 2;
        double naive = Mae(series, new NaiveForecaster(), from, interval: null).Mae;
        double? seasonal = periods.Length > 0 ? Mae(series, new SeasonalNaiveForecaster(periods[^1]), from, interval: null).Mae / naive : null;
        var interval = new ResidualInterval(settings.IntervalWindow, 0.1, 0.9);
        // Without calendar periods the AR looks for a season in the series' first changes, as a series grain does.
        var ar = new OnlineAr(periods.Length > 0 ? periods : null);
        var (arMae, coverage) = Mae(series, ar, from, interval);
        return new SeriesResult(series.Name, series.Values.Count, ar.Periods, naive, seasonal, arMae / naive, coverage, IssueFloors.Of(series.Name));
    }

    private static (double Mae, double? Coverage) Mae(TimeSeries series, IOnlineForecaster forecaster, int from, ResidualInterval? interval)
    {
        var history = new List<double> { series.Values[0] };
        forecaster.Learn(history);
        double absolute = 0;
        int scored = 0, covered = 0, intervals = 0;
        for (int t = 1; t < series.Values.Count; t++)
        {
            double actual = series.Values[t], forecast = forecaster.Predict(history);
            if (t >= from)
            {
                absolute += Math.Abs(actual - forecast);
                scored++;
                if (interval?.Around(forecast) is var (lower, upper))
                {
                    intervals++;
                    if (lower <= actual && actual <= upper) covered++;
                }
            }
            interval?.Add(actual - forecast);
            history.Add(actual);
            forecaster.Learn(history);
        }
        return (absolute / scored, intervals > 0 ? (double)covered / intervals : null);
    }
}
