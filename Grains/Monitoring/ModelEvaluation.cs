namespace LstmActors.Grains.Monitoring;

/// <summary>
/// One silo's running evaluation of a model's online forecasts, summed over its series as they score their ticks:
/// squared errors of the model and of the naive forecast (scaled units), interval outcomes and hits, anomalies.
/// Series add once per call; readers take a consistent copy.
/// </summary>
internal sealed class ModelEvaluation
{
    private readonly Lock _lock = new();
    private double _error, _naiveError;
    private long _scored, _outcomes, _hits, _anomalies;

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

    /// <summary>The totals so far.</summary>
    public ModelScore Read()
    {
        lock (_lock) return new ModelScore(_scored, _error, _naiveError, _outcomes, _hits, _anomalies);
    }
}
