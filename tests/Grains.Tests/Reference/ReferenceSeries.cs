using LstmActors.Grains.Forecasting;
using LstmActors.Grains.Models;
using LstmActors.Grains.Series;

namespace LstmActors.Grains.Tests.Reference;

/// <summary>
/// One series computed in the test process with the engine alone: the same per-series scaling, a stateful Keras model
/// on one version's weights, the series' own autoregression when the model has one (and the series inputs it gives the
/// network), the series' skill weight, and the
/// prediction in original units.
/// </summary>
internal sealed class ReferenceSeries
{
    private readonly ModelDefinition _definition;
    private readonly FeatureScaler _scaler;
    private readonly StatefulReference _network;
    private readonly int[] _predicted;
    private readonly Autoregression? _autoregression;
    private readonly float[] _skill;
    private float[]? _lastBase, _lastScale, _lastUnweighted;

    public ReferenceSeries(ModelDefinition definition, float[] weights)
    {
        _definition = definition;
        _scaler = new FeatureScaler(definition.LogMask());
        _network = new StatefulReference(definition, weights);
        _predicted = definition.PredictedIndices();
        _skill = new float[_predicted.Length * Skill.StateLength];
        if (definition.Autoregression) _autoregression = new Autoregression(new AutoregressionState(), _predicted.Length, definition.Seasons);
    }

    /// <summary>Applies one tick; returns the predicted next values.</summary>
    public float[] Observe(Tick tick)
    {
        var raw = tick.Features;
        _scaler.Observe(raw);
        var scaled = new float[_definition.InputWidth];
        _scaler.ScaleLatest(scaled.AsSpan(0, raw.Length));
        var values = _predicted.Select(j => (float)_scaler.Last[j]).ToArray();
        var scales = _predicted.Select(_scaler.ChangeScale).ToArray();
        var came = _lastBase is null ? null : values.Select((v, i) => (v - _lastBase[i]) / _lastScale![i]).ToArray();
        var own = new float[_predicted.Length];
        if (_autoregression is not null)
        {
            if (came is not null) _autoregression.Learn(came);
            _autoregression.Push(values.Select(v => (double)v).ToArray(), tick.Timestamp);
            _autoregression.Predict(_predicted.Select(j => scaled[j]).ToArray(), scales, own);
            if (_definition.SeriesInputs) _autoregression.WriteSeriesInputs(scaled.AsSpan(raw.Length));
        }
        // The head's means; its scales (with a scale head) only size intervals.
        var change = _network.Step(scaled)[.._predicted.Length];
        for (int i = 0; i < change.Length; i++) change[i] += own[i];
        for (int i = 0; i < change.Length && came is not null; i++) Skill.Learn(_skill, i, _lastUnweighted![i], came[i]);
        _lastUnweighted = (float[])change.Clone();
        for (int i = 0; i < change.Length; i++) change[i] *= Skill.Weight(_skill, i);
        (_lastBase, _lastScale) = (values, scales);
        return _predicted.Select((j, i) => _scaler.Untransform(j, values[i] + change[i] * scales[i])).ToArray();
    }

    /// <summary>Switches the network to other weights, keeping its carry.</summary>
    public void UseWeights(float[] weights) => _network.UseWeights(weights);

    /// <summary>Keras reset_states (the scaler is kept).</summary>
    public void Reset() => _network.Reset();

    /// <summary>Asserts two predictions agree to float tolerance, naming the series and tick.</summary>
    public static void AssertClose(float[] expected, ReadOnlySpan<float> actual, string series, long tick)
    {
        Assert.True(expected.Length == actual.Length, $"Series {series} tick {tick}: expected {expected.Length} predicted values, got {actual.Length}.");
        for (int i = 0; i < expected.Length; i++)
        {
            float tolerance = 2e-4f * (1 + Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance,
                $"Series {series} tick {tick} value {i}: cluster {actual[i]}, engine alone {expected[i]}.");
        }
    }
}
