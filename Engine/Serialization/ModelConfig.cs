using System.Text.Json.Nodes;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Models;

namespace LstmActors.Engine.Serialization;

/// <summary>
/// A model's architecture as JSON, and back. A Sequential: its input and its layers in order. A functional model, as
/// Keras writes one: every layer with its <c>inbound_nodes</c> (per call, the tensors it read as
/// [layer, node, tensor, kwargs]; a recurrent layer's initial state in kwargs), InputLayer entries, and
/// <c>input_layers</c> / <c>output_layers</c>. Node indices count the model's own calls of each layer (a nested model's from 1).
/// </summary>
internal static class ModelConfig
{
    /// <summary>Adds the model's name, seed and architecture to <paramref name="config"/> and returns it.</summary>
    public static JsonObject ToJson(Model model, JsonObject config)
    {
        config["name"] = model.ModelName;
        config["seed"] = model.Seed;
        if (model is Sequential sequential)
        {
            config["input"] = new JsonObject
            {
                ["shape"] = new JsonArray(sequential.Input!.Shape.Select(d => (JsonNode)d).ToArray()),
                ["batch_size"] = sequential.Input.BatchSize,
            };
            config["layers"] = new JsonArray(sequential.Layers.Select(l => (JsonNode)LayerConfig.ToJson(l)).ToArray());
            return config;
        }
        if (model.SharedAcrossModels is { } shared)
            throw new NotSupportedException(
                $"Model '{model.ModelName}' uses layer '{shared.Name}' both inside a nested model and elsewhere; the model file keeps each nested model's " +
                "layers apart, so that sharing cannot be saved. Call the nested model instead of its layer.");
        var fileIndex = FileNodeIndices(model);
        JsonNode?[] Reference(KerasTensor tensor) => tensor is Input input
            ? [input.Name, 0, 0]
            : [tensor.Node!.Layer.Name, fileIndex[tensor.Node], tensor.Index];
        var layers = new JsonArray();
        foreach (var input in model.Inputs)
        {
            layers.Add(new JsonObject
            {
                ["class_name"] = "InputLayer",
                ["name"] = input.Name,
                ["config"] = new JsonObject { ["batch_input_shape"] = Shape(input.BatchSize, input.Shape) },
                ["inbound_nodes"] = new JsonArray(),
            });
        }
        foreach (var layer in model.Layers)
        {
            var json = LayerConfig.ToJson(layer);
            var calls = model.Nodes.Where(n => n.Layer == layer).OrderBy(n => n.Node.Index).Select(n => n.Node);
            json["inbound_nodes"] = new JsonArray(calls.Select(node => (JsonNode)Call(node)).ToArray());
            layers.Add(json);
        }
        config["layers"] = layers;
        config["input_layers"] = new JsonArray(model.Inputs.Select(i => (JsonNode)new JsonArray(Reference(i))).ToArray());
        config["output_layers"] = new JsonArray(model.Outputs.Select(o => (JsonNode)new JsonArray(Reference(o))).ToArray());
        return config;

        // Keras' inbound node: each tensor read as [layer, node, tensor, kwargs]; a recurrent layer's states go in its input's kwargs.
        JsonArray Call(Node node)
        {
            if (node.Layer is RecurrentLayer && node.Inputs.Length > 1)
            {
                var states = new JsonArray(node.Inputs.Skip(1).Select(s => (JsonNode)new JsonArray(Reference(s))).ToArray());
                return [new JsonArray([.. Reference(node.Inputs[0]), new JsonObject { ["initial_state"] = states }])];
            }
            return new JsonArray(node.Inputs.Select(i => (JsonNode)new JsonArray([.. Reference(i), new JsonObject()])).ToArray());
        }
    }

    /// <summary>Rebuilds a model from <see cref="ToJson"/>'s object; <paramref name="className"/> is "Sequential" or "Functional".</summary>
    public static Model FromJson(string className, JsonObject config, string source)
    {
        int seed = LayerConfig.Required<int>(config, "seed", source);
        string name = LayerConfig.Required<string>(config, "name", source);
        return className switch
        {
            "Sequential" => SequentialFromJson(config, seed, name, source),
            "Functional" => FunctionalFromJson(config, seed, name, source),
            _ => throw new InvalidDataException($"{source}: unknown model class '{className}'; known: Sequential, Functional."),
        };
    }

    private static Sequential SequentialFromJson(JsonObject config, int seed, string name, string source)
    {
        var model = new Sequential(seed, name);
        var input = config["input"] as JsonObject ?? throw new InvalidDataException($"{source}: no 'input'.");
        var shape = (input["shape"] as JsonArray ?? throw new InvalidDataException($"{source}: no input 'shape'."))
            .Select(n => n!.GetValue<int>()).ToArray();
        model.Add(new Input(shape, input["batch_size"]?.GetValue<int>()));
        foreach (var layer in config["layers"] as JsonArray ?? throw new InvalidDataException($"{source}: no 'layers'."))
            model.Add(LayerConfig.FromJson(layer as JsonObject ?? throw new InvalidDataException($"{source}: a layer is not an object."), source));
        return model;
    }

    /// <summary>Calls each layer as its inbound nodes say, in node order, as soon as the tensors it reads exist (Keras' deferred nodes).</summary>
    private static Model FunctionalFromJson(JsonObject config, int seed, string name, string source)
    {
        var tensors = new Dictionary<(string, int, int), KerasTensor>();
        var pending = new List<(Layer Layer, JsonArray Calls)>();
        var made = new List<int>();
        foreach (var node in config["layers"] as JsonArray ?? throw new InvalidDataException($"{source}: no 'layers'."))
        {
            var json = node as JsonObject ?? throw new InvalidDataException($"{source}: a layer is not an object.");
            if (LayerConfig.Required<string>(json, "class_name", source) == "InputLayer")
            {
                var shape = (json["config"]?["batch_input_shape"] as JsonArray ?? throw new InvalidDataException($"{source}: an InputLayer has no 'batch_input_shape'."))
                    .Select(d => d?.GetValue<int>()).ToArray();
                var input = new Input(shape.Skip(1).Select(d => d ?? Input.AnyLength).ToArray(), shape[0], LayerConfig.Required<string>(json, "name", source));
                tensors[(input.Name!, 0, 0)] = input;
                continue;
            }
            pending.Add((LayerConfig.FromJson(json, source), json["inbound_nodes"] as JsonArray ?? []));
            made.Add(0);
        }
        for (bool progress = true; progress;)
        {
            progress = false;
            for (int p = 0; p < pending.Count; p++)
            {
                var (layer, calls) = pending[p];
                while (made[p] < calls.Count && TryCall(layer, calls[made[p]], made[p] + (layer is Model ? 1 : 0), tensors, source))
                {
                    made[p]++;
                    progress = true;
                }
            }
        }
        int stuck = Enumerable.Range(0, pending.Count).FirstOrDefault(p => made[p] < pending[p].Calls.Count, -1);
        if (stuck >= 0)
            throw new InvalidDataException(
                $"{source}: call {made[stuck]} of layer '{pending[stuck].Layer.Name}' reads a tensor that no layer or input of model '{name}' makes.");
        var inputs = Tensors(config, "input_layers", tensors, source).Cast<Input>().ToArray();
        var outputs = Tensors(config, "output_layers", tensors, source);
        return new Model(inputs, outputs, name, seed);
    }

    private static bool TryCall(Layer layer, JsonNode? call, int index, Dictionary<(string, int, int), KerasTensor> tensors, string source)
    {
        var entries = call as JsonArray ?? throw new InvalidDataException($"{source}: an inbound node of layer '{layer.Name}' is not a list.");
        var read = new List<KerasTensor>();
        foreach (var entry in entries)
        {
            var reference = entry as JsonArray ?? throw new InvalidDataException($"{source}: an input of layer '{layer.Name}' is not a list.");
            if (!tensors.TryGetValue(Key(reference, source), out var tensor)) return false;
            read.Add(tensor);
            foreach (var state in reference.Count > 3 ? reference[3]?["initial_state"] as JsonArray ?? [] : [])
            {
                if (!tensors.TryGetValue(Key(state as JsonArray ?? [], source), out var initial)) return false;
                read.Add(initial);
            }
        }
        var outputs = layer.Call(read);
        var node = outputs.Node!;
        for (int k = 0; k < node.Outputs.Length; k++) tensors[(layer.Name!, index, k)] = node.Outputs[k];
        return true;
    }

    private static KerasTensor[] Tensors(JsonObject config, string key, Dictionary<(string, int, int), KerasTensor> tensors, string source) =>
        (config[key] as JsonArray ?? throw new InvalidDataException($"{source}: no '{key}'."))
            .Select(r => tensors.TryGetValue(Key(r as JsonArray ?? [], source), out var t)
                ? t
                : throw new InvalidDataException($"{source}: '{key}' names {r?.ToJsonString()}, which the model does not make."))
            .ToArray();

    private static (string, int, int) Key(JsonArray reference, string source)
    {
        if (reference.Count < 3) throw new InvalidDataException($"{source}: tensor reference {reference.ToJsonString()} is not [layer, node, tensor].");
        return (reference[0]!.GetValue<string>(), reference[1]!.GetValue<int>(), reference[2]!.GetValue<int>());
    }

    /// <summary>Each call's node index as the file writes it: its place among the model's calls of that layer (a model's from 1).</summary>
    private static Dictionary<Node, int> FileNodeIndices(Model model)
    {
        var indices = new Dictionary<Node, int>();
        foreach (var group in model.Nodes.GroupBy(n => n.Layer))
        {
            int first = group.Key is Model ? 1 : 0;
            foreach (var (node, i) in group.OrderBy(n => n.Node.Index).Select((n, i) => (n.Node, i))) indices[node] = first + i;
        }
        return indices;
    }

    /// <summary>Keras' batch_input_shape: the batch, then the shape, null for an open dimension.</summary>
    private static JsonArray Shape(int? batch, int[] shape) =>
        new([(JsonNode?)batch, .. shape.Select(d => d == Input.AnyLength ? null : (JsonNode?)d)]);
}
