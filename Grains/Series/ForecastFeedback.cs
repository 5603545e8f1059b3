using LstmActors.Grains.Batching;
using LstmActors.Grains.Forecasting;

namespace LstmActors.Grains.Series;

/// <summary>
/// A forecast run ahead in one batched request: the change predicted at each step (the network's part plus the
/// series' autoregression's, which runs ahead on its own copy, weighted by the series' skill) moves the predicted features' scaled inputs for the next
/// step, and the copy writes the next step's series inputs. Scaling is frozen over the forecast.
/// </summary>
internal sealed class ForecastFeedback : IStepFeedback
{
    private readonly int[] _predicted;
    private readonly float[] _gains, _scales, _weights, _levels;
    private readonly double[] _values;

    // The autoregression's change at each step, (steps, P); zeros without one.
    private readonly float[] _autoregressive;
    private readonly Autoregression? _autoregression;

    // Where the series inputs start in a step's input; -1 without them.
    private readonly int _seriesInputsAt;

    /// <param name="predicted">Index in the input of each predicted feature.</param>
    /// <param name="gains">Per predicted feature, the scaled input's move per change unit.</param>
    /// <param name="scales">Per predicted feature, the change unit in transformed units.</param>
    /// <param name="weights">Per predicted feature, the series' skill weight.</param>
    /// <param name="autoregression">The autoregression at the request's first step, or null.</param>
    /// <param name="values">The transformed values the request's first step is at (advanced in place).</param>
    /// <param name="firstInput">The request's first input; its series inputs are written here.</param>
    /// <param name="seriesInputsAt">Where the series inputs start in an input (<see cref="Models.ModelDefinition.SeriesInputs"/>); -1 without them.</param>
    /// <param name="steps">Steps of the request.</param>
    public ForecastFeedback(int[] predicted, float[] gains, float[] scales, float[] weights, Autoregression? autoregression, double[] values, Span<float> firstInput, int seriesInputsAt, int steps)
    {
        _seriesInputsAt = autoregression is null ? -1 : seriesInputsAt;
        _predicted = predicted;
        _gains = gains;
        _scales = scales;
        _weights = weights;
        _autoregression = autoregression;
        _values = values;
        _levels = new float[predicted.Length];
        for (int i = 0; i < predicted.Length; i++) _levels[i] = firstInput[predicted[i]];
        _autoregressive = new float[steps * predicted.Length];
        if (_autoregression is null) return;
        _autoregression.Predict(_levels, _scales, _autoregressive.AsSpan(0, predicted.Length));
        if (_seriesInputsAt >= 0) _autoregression.WriteSeriesInputs(firstInput[_seriesInputsAt..]);
    }

    /// <summary>The change predicted for feature <paramref name="feature"/> at <paramref name="step"/>, from the network's <paramref name="output"/> there.</summary>
    public float Change(int step, int feature, float output) => _weights[feature] * (output + _autoregressive[step * _predicted.Length + feature]);

    /// <inheritdoc />
    public void Next(int step, ReadOnlySpan<float> input, ReadOnlySpan<float> output, Span<float> next)
    {
        int p = _predicted.Length;
        input.CopyTo(next);
        for (int i = 0; i < p; i++)
        {
            float change = Change(step, i, output[i]);
            next[_predicted[i]] += change * _gains[i];
            _values[i] += (double)change * _scales[i];
            _levels[i] = next[_predicted[i]];
        }
        if (_autoregression is null) return;
        _autoregression.Push(_values, _autoregression.NextTime());
        _autoregression.Predict(_levels, _scales, _autoregressive.AsSpan((step + 1) * p, p));
        if (_seriesInputsAt >= 0) _autoregression.WriteSeriesInputs(next[_seriesInputsAt..]);
    }
}
