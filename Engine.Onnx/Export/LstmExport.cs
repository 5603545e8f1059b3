using LstmActors.Engine.Layers;
using LstmActors.Engine.Recurrent;
using Onnx;

namespace LstmActors.Engine.Onnx.Export;

/// <summary>Writes a Keras <see cref="Lstm"/> as an ONNX <c>LSTM</c> (forward, gates reordered to i, o, f, c).</summary>
internal sealed class LstmExport : RecurrentExport<Lstm>
{
    /// <inheritdoc />
    protected override string OpType => "LSTM";

    /// <inheritdoc />
    protected override string[] States => ["h", "c"];

    /// <inheritdoc />
    protected override GateLayout Layout => GateLayout.Lstm;

    /// <inheritdoc />
    protected override RecurrentWeights Weights(Lstm layer) => layer.Weights;

    /// <inheritdoc />
    protected override IEnumerable<AttributeProto> Attributes(Lstm layer)
    {
        // ONNX's three activations are f (gates), g (candidate) and h (cell on output): Keras' recurrent activation and twice its activation.
        string gate = ActivationName(layer, layer.RecurrentActivation), cell = ActivationName(layer, layer.Activation);
        yield return OnnxGraph.Strings("activations", gate, cell, cell);
    }
}
