using System.Text.Json;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Onnx.Tests;

/// <summary>A file made by Files/make_onnx_files.py: the .onnx path and PyTorch's inputs and outputs from the .json beside it.</summary>
internal sealed class PyTorchFile
{
    private PyTorchFile(string path, Dictionary<string, Tensor> inputs, Dictionary<string, Tensor> outputs)
    {
        Path = path;
        Inputs = inputs;
        Outputs = outputs;
    }

    public string Path { get; }

    public Dictionary<string, Tensor> Inputs { get; }

    public Dictionary<string, Tensor> Outputs { get; }

    public static PyTorchFile Read(string name)
    {
        string folder = System.IO.Path.Combine(AppContext.BaseDirectory, "Files");
        using var json = JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(folder, name + ".json")));
        return new PyTorchFile(System.IO.Path.Combine(folder, name + ".onnx"),
            Tensors(json.RootElement.GetProperty("inputs")), Tensors(json.RootElement.GetProperty("outputs")));
    }

    private static Dictionary<string, Tensor> Tensors(JsonElement element) =>
        element.EnumerateObject().ToDictionary(
            p => p.Name,
            p => Tensor.From(
                p.Value.GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray(),
                p.Value.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray()));
}
