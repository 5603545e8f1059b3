using LstmActors.Engine.Layers;

namespace LstmActors.Engine.Onnx.Export;

/// <summary>Writes a Keras <see cref="TimeDistributed"/>(Dense) as its Dense on every step (<c>MatMul</c> broadcasts over time).</summary>
internal sealed class TimeDistributedExport : ILayerExport
{
    /// <inheritdoc />
    public bool Handles(Layer layer) => layer is TimeDistributed;

    /// <inheritdoc />
    public string[] Write(LayerCall call, OnnxGraph graph) => [DenseExport.Write(((TimeDistributed)call.Layer).Inner, call, graph)];
}
