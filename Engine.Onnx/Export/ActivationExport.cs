using LstmActors.Engine.Activations;
using LstmActors.Engine.Layers;

namespace LstmActors.Engine.Onnx.Export;

/// <summary>Writes a Keras <c>Activation</c> layer, and a Dense's activation: its element-wise operator, or <c>Softmax</c> over the last axis.</summary>
internal sealed class ActivationExport : ILayerExport
{
    /// <inheritdoc />
    public bool Handles(Layer layer) => layer is ActivationLayer;

    /// <inheritdoc />
    public string[] Write(LayerCall call, OnnxGraph graph) =>
        [Write(((ActivationLayer)call.Layer).Activation, call.Name, "Activation", call.Inputs[0], graph)];

    /// <summary>Applies <paramref name="activation"/> to <paramref name="input"/> (linear: the input itself); <paramref name="typeName"/> names the layer in a refusal.</summary>
    public static string Write(Activation activation, string name, string typeName, string input, OnnxGraph graph)
    {
        if (activation == Activation.Linear) return input;
        // Keras' softmax normalizes over the last axis, which opset 13's Softmax does on its own.
        if (activation == Activation.Softmax) return graph.AddNode("Softmax", $"{name}/softmax", [input], OnnxGraph.Int("axis", -1));
        string op = OnnxActivations.Name(activation)
            ?? throw new NotSupportedException($"Layer '{name}' ({typeName}): activation '{ActivationFunctions.KerasName(activation)}' has no ONNX export.");
        return graph.AddNode(op, $"{name}/{op.ToLowerInvariant()}", [input]);
    }
}
