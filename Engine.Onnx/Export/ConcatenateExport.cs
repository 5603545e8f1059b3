using LstmActors.Engine.Layers;

namespace LstmActors.Engine.Onnx.Export;

/// <summary>Writes a Keras <see cref="Concatenate"/> as <c>Concat</c>: Keras counts its axis with the batch as ONNX does.</summary>
internal sealed class ConcatenateExport : ILayerExport
{
    /// <inheritdoc />
    public bool Handles(Layer layer) => layer is Concatenate;

    /// <inheritdoc />
    public string[] Write(LayerCall call, OnnxGraph graph) =>
        [graph.AddNode("Concat", call.Name, call.Inputs, OnnxGraph.Int("axis", ((Concatenate)call.Layer).Axis))];
}
