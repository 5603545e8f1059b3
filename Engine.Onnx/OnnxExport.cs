using Google.Protobuf;
using LstmActors.Engine.Models;
using LstmActors.Engine.Onnx.Export;
using Onnx;

namespace LstmActors.Engine.Onnx;

/// <summary>
/// Writes a built <see cref="Sequential"/> as an ONNX model (opset 14): graph input "input" (batch, timesteps, features),
/// output "output", and per recurrent layer its state in and out ("lstm/h_in", "lstm/c_in", "lstm/h_out", "lstm/c_out"; GRU and SimpleRNN h only; Bidirectional "forward_" and "backward_" each,
/// each (batch, units)) so a stateful series can be served by any ONNX runtime: feed the outs of one call as the ins of
/// the next, zeros to start.
/// </summary>
public static class OnnxExport
{
    // One entry per layer kind; a new recurrent cell adds its export here.
    private static readonly ILayerExport[] Exports = [new LstmExport(), new GruExport(), new SimpleRnnExport(), new DenseExport(), new TimeDistributedExport(), new RepeatVectorExport()];

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> (replaced if present).</summary>
    public static void Save(Sequential model, string path) => File.WriteAllBytes(path, ToBytes(model));

    /// <summary>Writes <paramref name="model"/> into <paramref name="stream"/> (left open).</summary>
    public static void Save(Sequential model, Stream stream) => ToModelProto(model).WriteTo(stream);

    /// <summary>The ONNX model as bytes, e.g. to hand to an inference session.</summary>
    public static byte[] ToBytes(Sequential model) => ToModelProto(model).ToByteArray();

    /// <summary>The model as an ONNX ModelProto; refuses an unbuilt model or a layer without an export.</summary>
    internal static ModelProto ToModelProto(Sequential model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var input = model.Input;
        if (input is null || !model.IsBuilt)
            throw new InvalidOperationException($"Model '{model.Name}' is not built: add an Input (or run it once) before exporting to ONNX.");
        var graph = new OnnxGraph(input.BatchSize);
        graph.Proto.Name = model.Name;
        graph.AddInput("input", input.Shape);
        string value = "input";
        foreach (var layer in model.Layers)
        {
            var export = Array.Find(Exports, e => e.Handles(layer))
                ?? throw new NotSupportedException($"Layer '{layer.Name}' ({layer.TypeName}) has no ONNX export.");
            value = export.Write(layer, value, graph);
        }
        graph.AddOutput("output", value, model.OutputShape);
        var proto = new ModelProto
        {
            IrVersion = OnnxOpset.IrVersion,
            ProducerName = "LstmActors.Engine.Onnx",
            Graph = graph.Proto,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxOpset.Version });
        return proto;
    }
}
