using Google.Protobuf;
using LstmActors.Engine.Models;
using LstmActors.Engine.Onnx.Export;
using Onnx;

namespace LstmActors.Engine.Onnx;

/// <summary>
/// Writes a built <see cref="Model"/> (a <see cref="Sequential"/> or a functional model, nested models inlined) as an ONNX
/// model (opset 14). One input is "input" and one output "output"; several are named after the Inputs and after the
/// layer calls that make them. Each recurrent layer call not given its initial state by the graph takes it as graph
/// inputs ("lstm/h_in", "lstm/c_in"; GRU and SimpleRNN h only; Bidirectional "forward_" and "backward_" each), and every
/// call gives its final state as outputs ("lstm/h_out", …), each (batch, units), so a stateful series can be served by
/// any ONNX runtime: feed the outs of one call as the ins of the next, zeros to start.
/// </summary>
public static class OnnxExport
{
    // One entry per layer kind; a new recurrent cell adds its export here.
    private static readonly ILayerExport[] Exports =
    [
        new LstmExport(), new GruExport(), new SimpleRnnExport(), new DenseExport(), new TimeDistributedExport(), new RepeatVectorExport(),
        new ConcatenateExport(), new EmbeddingExport(), new ActivationExport(),
    ];

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> (replaced if present).</summary>
    public static void Save(Model model, string path) => File.WriteAllBytes(path, ToBytes(model));

    /// <summary>Writes <paramref name="model"/> into <paramref name="stream"/> (left open).</summary>
    public static void Save(Model model, Stream stream) => ToModelProto(model).WriteTo(stream);

    /// <summary>The ONNX model as bytes, e.g. to hand to an inference session.</summary>
    public static byte[] ToBytes(Model model) => ToModelProto(model).ToByteArray();

    /// <summary>The model as an ONNX ModelProto; refuses an unbuilt model or a layer without an export.</summary>
    internal static ModelProto ToModelProto(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!model.IsBuilt)
            throw new InvalidOperationException($"Model '{model.ModelName}' is not built: add an Input (or run it once) before exporting to ONNX.");
        var inputs = model.Inputs;
        // Inputs of open length may differ in length, so the symbolic "timesteps" is per input when there are several.
        bool single = inputs.Count == 1;
        var graph = new OnnxGraph(inputs[0].BatchSize, single ? "timesteps" : null);
        graph.Proto.Name = model.ModelName;
        string[] inputNames = single ? ["input"] : inputs.Select(i => i.Name!).ToArray();
        for (int i = 0; i < inputs.Count; i++) graph.AddInput(inputNames[i], inputs[i].Shape, single ? null : $"{inputNames[i]}/timesteps");
        var outputs = new GraphWriter(graph, Exports).Write(model, inputNames, "", "");
        var taken = new HashSet<string>(inputNames, StringComparer.Ordinal);
        for (int o = 0; o < outputs.Length; o++)
        {
            string name = outputs.Length == 1 ? "output" : outputs[o].Name;
            if (!taken.Add(name))
                throw new NotSupportedException($"Model '{model.ModelName}': output {o} would be a second graph value named '{name}' (an output listed twice, or an Input as output).");
            graph.AddOutput(name, outputs[o].Value, model.Outputs[o].Shape);
        }
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
