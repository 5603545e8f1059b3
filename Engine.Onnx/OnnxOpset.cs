namespace LstmActors.Engine.Onnx;

/// <summary>The ONNX versions this project writes and the range it reads.</summary>
internal static class OnnxOpset
{
    /// <summary>Default-domain opset of exported files: 14 has every operator used, in the form used (Squeeze/Unsqueeze axes as inputs).</summary>
    public const long Version = 14;

    /// <summary>IR version 7 is what opset 14 requires as a minimum; older runtimes read it.</summary>
    public const long IrVersion = 7;
}
