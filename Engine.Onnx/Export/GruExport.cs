using LstmActors.Engine.Layers;
using LstmActors.Engine.Recurrent;
using Onnx;

namespace LstmActors.Engine.Onnx.Export;

/// <summary>Writes a Keras <see cref="Gru"/> as an ONNX <c>GRU</c> (forward, gates z, r, h; resetAfter is linear_before_reset=1).</summary>
internal sealed class GruExport : RecurrentExport<Gru>
{
    /// <inheritdoc />
    protected override string OpType => "GRU";

    /// <inheritdoc />
    protected override string[] States => ["h"];

    /// <inheritdoc />
    protected override GateLayout Layout => GateLayout.Gru;

    /// <inheritdoc />
    protected override RecurrentWeights Weights(Gru layer) => layer.Weights;

    /// <inheritdoc />
    protected override IEnumerable<AttributeProto> Attributes(Gru layer)
    {
        // ONNX's two activations are f (gates) and g (candidate): Keras' recurrent activation and its activation.
        yield return OnnxGraph.Strings("activations", ActivationName(layer, layer.RecurrentActivation), ActivationName(layer, layer.Activation));
        yield return OnnxGraph.Int("linear_before_reset", layer.ResetAfter ? 1 : 0);
    }
}
