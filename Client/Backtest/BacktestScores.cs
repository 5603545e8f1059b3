using System.Globalization;
using LstmActors.Client.Streaming;
using LstmActors.Grains.Forecasting;

namespace LstmActors.Client.Backtest;

/// <summary>
/// Collects a replay's answers per series and scores them: every tick from <c>from</c> × the series' length on is
/// scored against the prediction made on the tick before; the ticks before it are the in-sample part MASE scales by.
/// </summary>
internal sealed class BacktestScores(string[] predictedFeatures, int[] predictedIndices, double from)
{
    private readonly Dictionary<string, List<TickOutcome>> _series = new(StringComparer.Ordinal);

    /// <summary>Takes one answer (in row order).</summary>
    public void Add(TickOutcome outcome)
    {
        if (!_series.TryGetValue(outcome.Tick.Series, out var list)) _series[outcome.Tick.Series] = list = [];
        list.Add(outcome);
    }

    /// <summary>The score of every series and predicted feature, in series order.</summary>
    public List<SeriesScore> Scores()
    {
        var scores = new List<SeriesScore>();
        foreach (var (id, outcomes) in _series.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            for (int i = 0; i < predictedFeatures.Length; i++)
            {
                var name = predictedFeatures.Length == 1 ? id : $"{id}/{predictedFeatures[i]}";
                if (Score(name, outcomes, i) is { } score) scores.Add(score);
            }
        }
        return scores;
    }

    private SeriesScore? Score(string name, List<TickOutcome> outcomes, int feature)
    {
        var x = outcomes.Select(o => (double)o.Tick.Tick.Features[predictedIndices[feature]]).ToArray();
        int n = x.Length, start = Math.Max(2, (int)Math.Ceiling(from * n));
        if (start >= n) return null;
        double absolute = 0, naive = 0, smape = 0, pinball = 0;
        int covered = 0, scored = 0, anomalies = 0;
        for (int t = start; t < n; t++)
        {
            var made = outcomes[t - 1];
            if (made.Prediction.Length == 0) continue;
            double p = made.Prediction[feature], lower = made.Lower[feature], upper = made.Upper[feature], error = x[t] - p;
            absolute += Math.Abs(error);
            naive += Math.Abs(x[t] - x[t - 1]);
            smape += Math.Abs(p) + Math.Abs(x[t]) > 0 ? 200 * Math.Abs(error) / (Math.Abs(p) + Math.Abs(x[t])) : 0;
            if (x[t] >= lower && x[t] <= upper) covered++;
            pinball += (Pinball(x[t], lower, 0.1) + Pinball(x[t], upper, 0.9)) / 2;
            if (outcomes[t].Anomaly) anomalies++;
            scored++;
        }
        if (scored == 0) return null;
        double mae = absolute / scored;
        double inSample = Enumerable.Range(1, start - 1).Average(t => Math.Abs(x[t] - x[t - 1]));
        var season = Season(outcomes);
        double? seasonal = season is int m && start > m
            ? mae / Enumerable.Range(m, start - m).Average(t => Math.Abs(x[t] - x[t - m]))
            : null;
        return new SeriesScore(name, scored, mae, naive > 0 ? absolute / naive : double.NaN, inSample > 0 ? mae / inSample : double.NaN, seasonal,
            smape / scored, (double)covered / scored, pinball / scored, anomalies);
    }

    private static double Pinball(double actual, double quantile, double level) =>
        actual >= quantile ? level * (actual - quantile) : (1 - level) * (quantile - actual);

    /// <summary>The longest calendar period of the series' dated time cells (the product's rule), if any.</summary>
    private static int? Season(List<TickOutcome> outcomes)
    {
        var periods = CalendarSeasons.OfTimes(outcomes.Select(o =>
            DateTimeOffset.TryParse(o.Tick.Time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : (DateTimeOffset?)null));
        return periods.Length > 0 ? periods[^1] : null;
    }
}
