using LstmActors.Engine.Layers;
using Onnx;

namespace LstmActors.Engine.Onnx.Export;

/// <summary>Writes a Keras <see cref="Embedding"/>: the float ids <c>Cast</c> to int64 (truncated, as Keras casts), then <c>Gather</c> of their rows.</summary>
internal sealed class EmbeddingExport : ILayerExport
{
    /// <inheritdoc />
    public bool Handles(Layer layer) => layer is Embedding;

    /// <inheritdoc />
    public string[] Write(LayerCall call, OnnxGraph graph)
    {
        var embedding = (Embedding)call.Layer;
        string table = graph.LayerWeight(embedding, call.WeightName, "embeddings", () => embedding.Parameters[0].Value, embedding.InputDim, embedding.OutputDim);
        string ids = graph.AddNode("Cast", $"{call.Name}/ids", [call.Inputs[0]], OnnxGraph.Int("to", (long)TensorProto.Types.DataType.Int64));
        return [graph.AddNode("Gather", call.Name, [table, ids], OnnxGraph.Int("axis", 0))];
    }
}
