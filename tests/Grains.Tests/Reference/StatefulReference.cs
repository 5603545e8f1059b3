using LstmActors.Engine.Layers;
using LstmActors.Engine.Models;
using LstmActors.Engine.Tensors;
using LstmActors.Grains.Models;

namespace LstmActors.Grains.Tests.Reference;

/// <summary>
/// The engine alone, Keras style: a stateful model (batch 1, one step per call) with a model version's weights,
/// advanced tick by tick with Predict — what a single series must see whatever the batcher did.
/// </summary>
internal sealed class StatefulReference
{
    private readonly Sequential _model;

    public StatefulReference(ModelDefinition definition, float[] weights)
    {
        _model = new Sequential(definition.Seed, "reference");
        _model.Add(new Input([1, definition.InputWidth], batchSize: 1));
        for (int l = 0; l < definition.Layers; l++)
        {
            _model.Add(definition.Cell == RecurrentCell.Gru
                ? new Gru(definition.Units, returnSequences: true, stateful: true)
                : new Lstm(definition.Units, returnSequences: true, stateful: true));
        }
        _model.Add(new Dense(definition.OutputWidth));
        _model.SetWeights(weights);
    }

    /// <summary>One step: the network output (scaled predicted changes) for one scaled input.</summary>
    public float[] Step(ReadOnlySpan<float> scaledInput) => _model.Predict(Tensor.From(scaledInput.ToArray(), 1, 1, scaledInput.Length)).ToArray();

    /// <summary>Switches to other weights, keeping the carry (as a batcher does between batches).</summary>
    public void UseWeights(float[] weights) => _model.SetWeights(weights);

    /// <summary>Keras reset_states.</summary>
    public void Reset() => _model.ResetStates();
}
