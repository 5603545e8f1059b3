using LstmActors.Engine.Layers;

namespace LstmActors.Engine.Onnx.Export;

/// <summary>Writes a Keras <see cref="Dense"/>: <c>Gemm</c> on (batch, features), <c>MatMul</c> + <c>Add</c> on sequences, then its activation.</summary>
internal sealed class DenseExport : ILayerExport
{
    /// <inheritdoc />
    public bool Handles(Layer layer) => layer is Dense;

    /// <inheritdoc />
    public string[] Write(LayerCall call, OnnxGraph graph) => [Write((Dense)call.Layer, call, graph)];

    /// <summary>Writes <paramref name="dense"/> for <paramref name="call"/> (a TimeDistributed passes its own call).</summary>
    public static string Write(Dense dense, LayerCall call, OnnxGraph graph)
    {
        string name = call.Name, input = call.Inputs[0];
        var kernel = dense.Parameters[0];
        string k = graph.LayerWeight(dense, call.WeightName, "kernel", () => kernel.Value, kernel.Shape[0], kernel.Shape[1]);
        string? bias = dense.UseBias ? graph.LayerWeight(dense, call.WeightName, "bias", () => dense.Parameters[1].Value, dense.Units) : null;
        string output;
        if (call.InputShapes[0].Length == 1)
        {
            output = graph.AddNode("Gemm", name, bias is null ? [input, k] : [input, k, bias]);
        }
        else
        {
            output = graph.AddNode("MatMul", name, [input, k]);
            if (bias is not null) output = graph.AddNode("Add", $"{name}/bias_add", [output, bias]);
        }
        return ActivationExport.Write(dense.Activation, name, "Dense", output, graph);
    }
}
