using LstmActors.Engine.Models;
using LstmActors.Engine.Onnx.Import;
using Onnx;

namespace LstmActors.Engine.Onnx;

/// <summary>
/// Reads an ONNX model (such as PyTorch's <c>torch.onnx.export</c> of nn.LSTM, nn.GRU or nn.RNN with batch_first=True and nn.Linear heads)
/// into a <see cref="Sequential"/> taking (batch, timesteps, features). An LSTM fed its initial state from graph inputs
/// (h0, c0 of shape (layers, batch, H)) starts from the model's carry instead: row b of layer k's <c>LstmCarry</c> is
/// h0[k, b]. Anything else is refused with an <see cref="UnsupportedOnnxException"/> naming the node.
/// </summary>
public static class OnnxImport
{
    /// <summary>Reads the file at <paramref name="path"/>; the model is named after the file.</summary>
    public static Sequential Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream, Path.GetFileNameWithoutExtension(path));
    }

    /// <summary>Reads a model from <paramref name="stream"/> (left open).</summary>
    public static Sequential Load(Stream stream, string name = "sequential") => GraphReader.Read(ModelProto.Parser.ParseFrom(stream), name);

    /// <summary>Reads a model from its bytes.</summary>
    public static Sequential FromBytes(byte[] bytes, string name = "sequential") => GraphReader.Read(ModelProto.Parser.ParseFrom(bytes), name);
}
