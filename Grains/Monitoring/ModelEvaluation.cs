namespace LstmActors.Grains.Monitoring;

/// <summary>
/// One silo's running evaluation of a model's online forecasts, summed over its series as they score their ticks:
/// squared errors of the model and of the naive forecast (scaled units), interval outcomes and hits, anomalies, and the
/// seasonal periods series found in their first changes.
/// Series add once per call; readers take a consistent copy.
/// </summary>
internal sealed class ModelEvaluation
{
    private readonly Lock _lock = new();
    private double _error, _naiveError;
    private long _scored, _outcomes, _hits, _anomalies;
    private readonly Dictionary<int, long> _seasons = [];

    /// <summary>Adds one call's figures.</summary>
    public void Add(double error, double naiveError, long scored, long outcomes, long hits, long anomalies)
    {
        lock (_lock)
        {
            _error += error;
            _naiveError += naiveError;
            _scored += scored;
            _outcomes += outcomes;
            _hits += hits;
            _anomalies += anomalies;
        }
    }

    /// <summary>Counts a series that found <paramref name="period"/> in its first changes.</summary>
    public void SeasonFound(int period)
    {
        lock (_lock) _seasons[period] = _seasons.GetValueOrDefault(period) + 1;
    }

    /// <summary>The totals so far.</summary>
    public ModelScore Read()
    {
        lock (_lock) return new ModelScore(_scored, _error, _naiveError, _outcomes, _hits, _anomalies, new Dictionary<int, long>(_seasons));
    }
}
