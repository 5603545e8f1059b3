namespace LstmActors.Bench.Forecast.Forecasters;

/// <summary>
/// The reference of issue #15: a linear model of the next change on the inputs the issue names — the last change,
/// the level, and for each seasonal period the change one and two periods ago at the same phase — each scaled per
/// series by running statistics of past values, trained online by recursive least squares.
/// </summary>
public sealed class OnlineAr : IOnlineForecaster
{
    private readonly IReadOnlyList<int> _periods;
    private readonly RecursiveLeastSquares _model;
    private readonly RunningMoments _levels = new(), _changes = new();
    private readonly double[] _inputs;
    private bool _predicted;

    /// <summary>A model with <paramref name="periods"/> seasons, forgetting and prior as <see cref="RecursiveLeastSquares"/>'s.</summary>
    public OnlineAr(IReadOnlyList<int> periods, double forgetting, double prior)
    {
        _periods = periods;
        _inputs = new double[3 + 2 * periods.Count];
        _model = new RecursiveLeastSquares(_inputs.Length, forgetting, prior);
    }

    /// <inheritdoc />
    public double Predict(IReadOnlyList<double> history)
    {
        // Naive until two changes give the change's scale.
        _predicted = _changes.Count >= 2;
        if (!_predicted) return history[^1];
        Fill(history);
        return history[^1] + _changes.Deviation * _model.Predict(_inputs);
    }

    /// <inheritdoc />
    public void Learn(IReadOnlyList<double> history)
    {
        double change = history.Count > 1 ? history[^1] - history[^2] : 0;
        // The inputs are those Predict made from the history before this value, scaled as they were then.
        if (_predicted) _model.Learn(_inputs, change / _changes.Deviation);
        _levels.Add(history[^1]);
        if (history.Count > 1) _changes.Add(change);
    }

    private void Fill(IReadOnlyList<double> history)
    {
        int next = history.Count; // the index of the value predicted
        double scale = _changes.Deviation;
        _inputs[0] = 1; // the drift
        _inputs[1] = (history[^1] - history[^2]) / scale;
        _inputs[2] = (history[^1] - _levels.Mean) / _levels.Deviation;
        for (int s = 0; s < _periods.Count; s++)
        for (int k = 1; k <= 2; k++)
        {
            // The change into index next − k·period, i.e. this change's phase k periods ago; 0 before the data reach back.
            int at = next - k * _periods[s];
            _inputs[3 + 2 * s + k - 1] = at >= 1 ? (history[at] - history[at - 1]) / scale : 0;
        }
    }
}
