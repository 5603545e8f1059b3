using LstmActors.Engine.Layers;
using LstmActors.Engine.Recurrent;
using Onnx;

namespace LstmActors.Engine.Onnx.Export;

/// <summary>Writes a Keras <see cref="SimpleRnn"/> as an ONNX <c>RNN</c> (forward, one activation).</summary>
internal sealed class SimpleRnnExport : RecurrentExport<SimpleRnn>
{
    /// <inheritdoc />
    protected override string OpType => "RNN";

    /// <inheritdoc />
    protected override string[] States => ["h"];

    /// <inheritdoc />
    protected override GateLayout Layout => GateLayout.Rnn;

    /// <inheritdoc />
    protected override RecurrentWeights Weights(SimpleRnn layer) => layer.Weights;

    /// <inheritdoc />
    protected override IEnumerable<AttributeProto> Attributes(SimpleRnn layer)
    {
        yield return OnnxGraph.Strings("activations", ActivationName(layer, layer.Activation));
    }
}
