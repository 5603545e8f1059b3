using LstmActors.Engine.Layers;
using LstmActors.Engine.Models;

namespace LstmActors.Engine.Onnx.Export;

/// <summary>
/// Writes a model's calls in run order, each by its layer's export, a nested model's calls inlined in its place. Names
/// each call: the layer's name, "/call_k" added for its k-th call (from 1) in the same model, under the names of the
/// nested model calls around it ("encoder/lstm", "encoder/call_1/lstm"). Its weights are written once, under the layer's
/// name with its models' ("encoder/lstm/W").
/// </summary>
internal sealed class GraphWriter(OnnxGraph graph, IReadOnlyList<ILayerExport> exports)
{
    /// <summary>
    /// Writes <paramref name="model"/> reading the values <paramref name="inputs"/> (one per model input), its calls named
    /// under <paramref name="scope"/> and its weights under <paramref name="weightScope"/> ("" at the top, else ending in
    /// "/"); returns each model output's value and its name (see <see cref="OnnxExport"/>).
    /// </summary>
    public (string Value, string Name)[] Write(Model model, string[] inputs, string scope, string weightScope)
    {
        var values = new Dictionary<KerasTensor, (string Value, string Name)>();
        for (int i = 0; i < inputs.Length; i++) values[model.Inputs[i]] = (inputs[i], $"{scope}{model.Inputs[i].Name}");
        var calls = new Dictionary<Layer, int>();
        foreach (var modelNode in model.Nodes)
        {
            var node = modelNode.Node;
            var layer = node.Layer;
            int k = calls.GetValueOrDefault(layer);
            calls[layer] = k + 1;
            string name = k == 0 ? $"{scope}{layer.Name}" : $"{scope}{layer.Name}/call_{k}";
            string[] read = node.Inputs.Select(t => values[t].Value).ToArray();
            (string Value, string Name)[] made;
            if (layer is Model nested)
            {
                made = Write(nested, read, $"{name}/", $"{weightScope}{layer.Name}/");
                made[0].Name = name;
            }
            else
            {
                var export = exports.FirstOrDefault(e => e.Handles(layer))
                    ?? throw new NotSupportedException($"Layer '{layer.Name}' ({layer.TypeName}) has no ONNX export.");
                var call = new LayerCall(layer, name, $"{weightScope}{layer.Name}", read, node.Inputs.Select(t => t.Shape).ToArray());
                string[] states = layer is Lstm ? ["h", "c"] : ["h"];
                made = export.Write(call, graph).Select((value, j) => (value, j == 0 ? name : $"{name}/{states[j - 1]}")).ToArray();
            }
            for (int j = 0; j < node.Outputs.Length; j++) values[node.Outputs[j]] = made[j];
        }
        return model.Outputs.Select(o => values[o]).ToArray();
    }
}
