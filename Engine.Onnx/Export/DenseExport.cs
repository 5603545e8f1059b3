using LstmActors.Engine.Activations;
using LstmActors.Engine.Layers;

namespace LstmActors.Engine.Onnx.Export;

/// <summary>Writes a Keras <see cref="Dense"/>: <c>Gemm</c> on (batch, features), <c>MatMul</c> + <c>Add</c> on sequences, then its activation.</summary>
internal sealed class DenseExport : ILayerExport
{
    /// <inheritdoc />
    public bool Handles(Layer layer) => layer is Dense;

    /// <inheritdoc />
    public string Write(Layer layer, string input, OnnxGraph graph) => Write((Dense)layer, layer.Name!, input, graph);

    /// <summary>Writes <paramref name="dense"/> under <paramref name="name"/> (a TimeDistributed passes its own).</summary>
    public static string Write(Dense dense, string name, string input, OnnxGraph graph)
    {
        var kernel = dense.Parameters[0];
        string k = graph.AddWeight($"{name}/kernel", kernel.Value, kernel.Shape[0], kernel.Shape[1]);
        string? bias = dense.UseBias ? graph.AddWeight($"{name}/bias", dense.Parameters[1].Value, dense.Units) : null;
        string output;
        if (dense.InputShape.Count == 1)
        {
            output = graph.AddNode("Gemm", name, bias is null ? [input, k] : [input, k, bias]);
        }
        else
        {
            output = graph.AddNode("MatMul", name, [input, k]);
            if (bias is not null) output = graph.AddNode("Add", $"{name}/bias_add", [output, bias]);
        }
        if (dense.Activation == Activation.Linear) return output;
        string op = OnnxActivations.Name(dense.Activation)
            ?? throw new NotSupportedException($"Layer '{name}' (Dense): activation '{ActivationFunctions.KerasName(dense.Activation)}' has no ONNX export.");
        return graph.AddNode(op, $"{name}/{op.ToLowerInvariant()}", [output]);
    }
}
