using LstmActors.Engine.Layers;

namespace LstmActors.Engine.Onnx.Export;

/// <summary>Writes a Keras <see cref="RepeatVector"/>(n): (batch, F) → <c>Unsqueeze</c> (batch, 1, F) → <c>Expand</c> (batch, n, F).</summary>
internal sealed class RepeatVectorExport : ILayerExport
{
    /// <inheritdoc />
    public bool Handles(Layer layer) => layer is RepeatVector;

    /// <inheritdoc />
    public string[] Write(LayerCall call, OnnxGraph graph)
    {
        string name = call.Name;
        string step = graph.AddNode("Unsqueeze", $"{name}/step", [call.Inputs[0], graph.AddInt64s($"{name}/axis1", 1)]);
        // Expand broadcasts: shape (1, n, 1) keeps the batch and the features and repeats the one step n times.
        return [graph.AddNode("Expand", name, [step, graph.AddInt64s($"{name}/shape", 1, ((RepeatVector)call.Layer).N, 1)])];
    }
}
