using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace LstmActors.Engine.Onnx.Tests;

/// <summary>Runs an ONNX model in ONNX Runtime, the reference consumer of exported files.</summary>
internal sealed class OnnxRuntimeSession : IDisposable
{
    private readonly InferenceSession _session;

    public OnnxRuntimeSession(byte[] model) => _session = new InferenceSession(model);

    /// <summary>The graph's input names in order.</summary>
    public IReadOnlyList<string> InputNames => _session.InputNames;

    /// <summary>The graph's output names in order.</summary>
    public IReadOnlyList<string> OutputNames => _session.OutputNames;

    /// <summary>Runs with the named inputs (data, shape) and returns every output's data by name.</summary>
    public Dictionary<string, float[]> Run(IReadOnlyDictionary<string, (float[] Data, int[] Shape)> inputs)
    {
        var values = inputs.Select(i => NamedOnnxValue.CreateFromTensor(i.Key, new DenseTensor<float>(i.Value.Data, i.Value.Shape))).ToList();
        using var results = _session.Run(values);
        return results.ToDictionary(r => r.Name, r => r.AsTensor<float>().ToArray());
    }

    public void Dispose() => _session.Dispose();
}
