using LstmActors.Engine.Activations;

namespace LstmActors.Engine.Onnx;

/// <summary>The engine's activations under their ONNX names: the element-wise operator and the recurrent operators' activation string.</summary>
internal static class OnnxActivations
{
    // ONNX HardSigmoid's defaults (alpha 0.2, beta 0.5) are Keras 2's hard sigmoid, so no attribute is needed.
    private static readonly (Activation Activation, string Name)[] Names =
    [
        (Activation.Tanh, "Tanh"), (Activation.Sigmoid, "Sigmoid"), (Activation.Relu, "Relu"), (Activation.HardSigmoid, "HardSigmoid"),
    ];

    /// <summary>The ONNX name of <paramref name="activation"/>, or null when ONNX has no parameterless operator for it (linear among them).</summary>
    public static string? Name(Activation activation) =>
        Array.FindIndex(Names, n => n.Activation == activation) is int i and >= 0 ? Names[i].Name : null;

    /// <summary>The activation an ONNX name stands for, if the engine has it.</summary>
    public static Activation? Parse(string name) =>
        Array.FindIndex(Names, n => n.Name == name) is int i and >= 0 ? Names[i].Activation : null;
}
