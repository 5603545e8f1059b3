using LstmActors.Grains.Models;
using LstmActors.Grains.Series;

namespace LstmActors.Grains.Tests.Reference;

/// <summary>
/// One series computed in the test process with the engine alone: the same per-series scaling, a stateful Keras model
/// on one version's weights, and the prediction in original units.
/// </summary>
internal sealed class ReferenceSeries
{
    private readonly ModelDefinition _definition;
    private readonly FeatureScaler _scaler;
    private readonly StatefulReference _network;
    private readonly int[] _predicted;

    public ReferenceSeries(ModelDefinition definition, float[] weights)
    {
        _definition = definition;
        _scaler = new FeatureScaler(definition.LogMask());
        _network = new StatefulReference(definition, weights);
        _predicted = definition.PredictedIndices();
    }

    /// <summary>Applies one tick; returns the predicted next values.</summary>
    public float[] Observe(float[] raw)
    {
        _scaler.Observe(raw);
        var scaled = new float[raw.Length];
        _scaler.ScaleLatest(scaled);
        var change = _network.Step(scaled);
        return _predicted.Select((j, i) => _scaler.Untransform(j, _scaler.Transform(j, raw[j]) + change[i] * _scaler.ChangeScale(j))).ToArray();
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
