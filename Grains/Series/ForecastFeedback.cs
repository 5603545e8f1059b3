using LstmActors.Grains.Batching;
using LstmActors.Grains.Forecasting;

namespace LstmActors.Grains.Series;

/// <summary>
/// A forecast run ahead in one batched request: the change predicted at each step (the network's part plus the
/// series' autoregression's, which runs ahead on its own copy) moves the predicted features' scaled inputs for the next
/// step. Scaling is frozen over the forecast.
/// </summary>
internal sealed class ForecastFeedback : IStepFeedback
{
    private readonly int[] _predicted;
    private readonly float[] _gains, _scales, _levels;
    private readonly double[] _values;
    private readonly Autoregression? _autoregression;

    /// <param name="predicted">Index in the input of each predicted feature.</param>
    /// <param name="gains">Per predicted feature, the scaled input's move per change unit.</param>
    /// <param name="scales">Per predicted feature, the change unit in transformed units.</param>
    /// <param name="autoregression">The autoregression at the request's first step, or null.</param>
    /// <param name="values">The transformed values the request's first step is at (advanced in place).</param>
    /// <param name="firstInput">The request's first input.</param>
    /// <param name="steps">Steps of the request.</param>
    public ForecastFeedback(int[] predicted, float[] gains, float[] scales, Autoregression? autoregression, double[] values, ReadOnlySpan<float> firstInput, int steps)
    {
        _predicted = predicted;
        _gains = gains;
        _scales = scales;
        _autoregression = autoregression;
        _values = values;
        _levels = new float[predicted.Length];
        for (int i = 0; i < predicted.Length; i++) _levels[i] = firstInput[predicted[i]];
        Autoregressive = new float[steps * predicted.Length];
        _autoregression?.Predict(_levels, _scales, Autoregressive.AsSpan(0, predicted.Length));
    }

    /// <summary>The autoregression's change at each step, (steps, P); zeros without one.</summary>
    public float[] Autoregressive { get; }

    /// <inheritdoc />
    public void Next(int step, ReadOnlySpan<float> input, ReadOnlySpan<float> output, Span<float> next)
    {
        int p = _predicted.Length;
        input.CopyTo(next);
        for (int i = 0; i < p; i++)
        {
            float change = output[i] + Autoregressive[step * p + i];
            next[_predicted[i]] += change * _gains[i];
            _values[i] += (double)change * _scales[i];
            _levels[i] = next[_predicted[i]];
        }
        if (_autoregression is null) return;
        _autoregression.Push(_values, _autoregression.State.LastTime);
        _autoregression.Predict(_levels, _scales, Autoregressive.AsSpan((step + 1) * p, p));
    }
}
