using LstmActors.Engine.Layers;
using LstmActors.Engine.Models;
using Onnx;

namespace LstmActors.Engine.Onnx.Import;

/// <summary>
/// Reads an ONNX graph into a <see cref="Sequential"/>: follows the data from the graph input through the nodes in
/// order, turning recurrent, Gemm/MatMul, activation and RepeatVector nodes into layers and following layout nodes
/// (Transpose, Squeeze, Gather, Slice) by what each axis stands for. Nodes off the data path may only build constants and initial
/// states (the shape arithmetic PyTorch writes for zero states). Whatever cannot be a Sequential is refused by node.
/// </summary>
internal sealed class GraphReader
{
    // One entry per group of operators; a new recurrent cell adds its import here.
    private static readonly INodeImport[] Imports = [new LstmImport(), new GruImport(), new SimpleRnnImport(), new DenseImport(), new LayoutImport(), new RepeatVectorImport()];

    // Operators allowed off the data path: PyTorch builds zero initial states and slices state inputs with them.
    private static readonly string[] Plumbing = ["Constant", "Shape", "Gather", "Unsqueeze", "Squeeze", "Concat", "ConstantOfShape", "Slice", "Identity", "Cast"];

    private readonly Dictionary<string, TensorProto> _constants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OnnxNode> _producers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DataValue> _data = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StateValue> _states = new(StringComparer.Ordinal);
    private readonly HashSet<string> _consumed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _graphInputs = new(StringComparer.Ordinal);

    // Values something reads besides a Shape node, and the graph's outputs: a node writing none of them is skipped.
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    /// <summary>The layers read so far, in order.</summary>
    public List<LayerPlan> Plans { get; } = [];

    /// <summary>Reads <paramref name="model"/>; <paramref name="name"/> names the new Sequential.</summary>
    public static Sequential Read(ModelProto model, string name) => new GraphReader().ReadGraph(model, name);

    private Sequential ReadGraph(ModelProto model, string name)
    {
        var graph = model.Graph ?? throw new InvalidDataException("The ONNX model has no graph.");
        foreach (var opset in model.OpsetImport)
        {
            if (opset.Domain is not ("" or "ai.onnx"))
                throw new NotSupportedException($"The ONNX model uses operator set '{opset.Domain}'; the import reads the default ONNX operators only.");
        }
        var nodes = graph.Node.Select((n, i) => new OnnxNode(n, i)).ToArray();
        foreach (var node in nodes.Where(n => n.Op != "Shape")) _used.UnionWith(node.Proto.Input);
        foreach (var graphOutput in graph.Output) _used.Add(graphOutput.Name);
        foreach (var tensor in graph.Initializer) _constants[tensor.Name] = tensor;
        var inputs = graph.Input.Where(i => !_constants.ContainsKey(i.Name)).ToArray();
        if (inputs.Length == 0) throw new InvalidDataException("The ONNX graph has no input.");
        var input = inputs[0];
        foreach (var i in inputs) _graphInputs.Add(i.Name);
        var dims = input.Type?.TensorType?.Shape?.Dim;
        if (dims is null || dims.Count != 3)
            throw new NotSupportedException($"The ONNX graph input '{input.Name}' must be (batch, timesteps, features); it has rank {dims?.Count ?? 0}.");
        _data[input.Name] = new DataValue([Axis.Batch, Axis.Time, Axis.Feature], null);

        foreach (var node in nodes) ReadNode(node);

        var output = graph.Output.Where(o => _data.ContainsKey(o.Name)).ToArray();
        var stray = graph.Output.FirstOrDefault(o => !_data.ContainsKey(o.Name) && !_states.ContainsKey(o.Name));
        if (output.Length != 1 || stray is not null)
            throw new NotSupportedException(
                $"The ONNX graph's outputs must be one model output and, optionally, recurrent states; '{(stray ?? graph.Output[0]).Name}' is not.");
        var axes = _data[output[0].Name].Axes;
        if (!axes.SequenceEqual([Axis.Batch, Axis.Feature]) && !axes.SequenceEqual([Axis.Batch, Axis.Time, Axis.Feature]))
            throw new NotSupportedException($"The ONNX graph output '{output[0].Name}' is ({string.Join(", ", axes)}); a model output is (batch, features) or (batch, timesteps, features).");

        long steps = dims[1].HasDimValue ? dims[1].DimValue : Input.AnyLength;
        long features = dims[2].HasDimValue ? dims[2].DimValue
            : throw new NotSupportedException($"The ONNX graph input '{input.Name}' has no fixed feature count.");
        return Build(name, new Input((int)steps, (int)features));
    }

    private Sequential Build(string name, Input input)
    {
        var model = new Sequential(name: name);
        model.Add(input);
        foreach (var plan in Plans) model.Add(plan.Create());
        model.SetWeights(Plans.SelectMany(p => p.Weights()).SelectMany(w => w).ToArray());
        return model;
    }

    private void ReadNode(OnnxNode node)
    {
        // Checked node by node, in graph order, so the first thing refused is what the message names.
        if (!Plumbing.Contains(node.Op) && !Imports.Any(i => i.Ops.Contains(node.Op)))
            throw node.Refuse(null, $"operator {node.Op} is not supported by the ONNX import.");
        foreach (var output in node.Proto.Output) _producers[output] = node;
        if (node.Op == "Constant")
        {
            _constants[node.Proto.Output[0]] = node.Proto.Attribute.FirstOrDefault(a => a.Name == "value")?.T
                ?? throw node.Refuse("value", "only tensor constants are read.");
            return;
        }
        var stateInputs = node.Proto.Input.Where(_states.ContainsKey).ToArray();
        if (stateInputs.Length > 0)
        {
            if (ReadStateNode(node)) return;
            foreach (string name in stateInputs) _data[name] = LastStepFromState(node, _states[name]);
        }
        // PyTorch leaves a layout node whose result only a Shape reads (the next layer reads the value before it).
        if (node.Op == "Shape" || !node.Proto.Input.Any(_data.ContainsKey) || !node.Proto.Output.Any(_used.Contains)) return;
        var import = Array.Find(Imports, i => i.Ops.Contains(node.Op))
            ?? throw node.Refuse(null, $"operator {node.Op} on the model's data path is not supported by the ONNX import.");
        import.Read(node, this);
    }

    // PyTorch stacks the layers' final states into its (h, c) outputs and picks a layer's with h[-1]; OnnxExport
    // squeezes each into its own output. Returns false for a node that does more with a state.
    private bool ReadStateNode(OnnxNode node)
    {
        string output = node.Proto.Output[0];
        var state = _states.GetValueOrDefault(node.Input(0));
        switch (node.Op)
        {
            case "Concat" when node.Int("axis", 0) == 0 && node.Proto.Input.All(_states.ContainsKey):
                var parts = node.Proto.Input.Select(i => _states[i]).ToArray();
                if (parts.Any(p => p.Picked || p.Hidden != parts[0].Hidden)) return false;
                _states[output] = new StateValue(parts.SelectMany(p => p.Layers).ToArray(), parts[0].Hidden, Picked: false);
                return true;
            case "Concat" when node.Int("axis", 0) is 1 or -1 && node.Proto.Input.Count == 2 && node.Proto.Input.All(_states.ContainsKey):
                _data[output] = BothDirections(node, _states[node.Input(0)], _states[node.Input(1)]);
                return true;
            case "Identity" when state is not null:
                _states[output] = state;
                return true;
            case "Squeeze" when state is { Picked: false, Layers.Length: 1 }
                && (node.Ints("axes") ?? TensorData.Longs(Constant(node, 1))).SequenceEqual([0L]):
                _states[output] = state with { Picked = true };
                return true;
            case "Gather" when state is { Picked: false } && node.Int("axis", 0) == 0 && Constant(node, 1).Dims.Count == 0:
                long index = TensorData.Longs(Constant(node, 1))[0];
                if (index < -state.Layers.Length || index >= state.Layers.Length) return false;
                int row = (int)(index < 0 ? index + state.Layers.Length : index);
                // A bidirectional layer has two rows, forward then backward, as ONNX and PyTorch stack them.
                int direction = row - Array.IndexOf(state.Layers, state.Layers[row]);
                _states[output] = new StateValue([state.Layers[row]], state.Hidden, Picked: true, direction);
                return true;
            default:
                return false;
        }
    }

    // A node reading a final state as data: only the last layer's h, which is its last step (PyTorch's head(h[-1])); for a
    // bidirectional layer both directions' h (OnnxExport's Y_h made batch-first, then merged), a Keras Bidirectional's last step.
    private DataValue LastStepFromState(OnnxNode node, StateValue state)
    {
        var plan = state.Layers[0];
        if (plan.Directions == 2 && state.Picked)
            throw node.Refuse(null,
                "uses one direction's final state of a bidirectional layer as data; a Keras Bidirectional without return_sequences gives both " +
                "(PyTorch torch.cat([h[-2], h[-1]], dim=1)).");
        bool bidirectional = plan.Directions == 2 && state.Layers is [_, var other] && other == plan;
        if (!state.Hidden || !(state.Picked || bidirectional) || plan != Plans[^1] || plan.SequenceRead)
            throw node.Refuse(null,
                "uses a recurrent layer's final state as data; only the last layer's h as the model's last step (PyTorch h[-1]) maps to a Sequential.");
        plan.ReturnSequences = false;
        return bidirectional ? new DataValue([Axis.Direction, Axis.Batch, Axis.Feature], plan) : new DataValue([Axis.Batch, Axis.Feature], plan);
    }

    // PyTorch's torch.cat([h[-2], h[-1]], dim=1): the last bidirectional layer's forward and backward final h side by
    // side, which is what a Keras Bidirectional (concat) without return_sequences returns.
    private DataValue BothDirections(OnnxNode node, StateValue forward, StateValue backward)
    {
        var plan = forward.Layers[0];
        bool joins = forward is { Picked: true, Hidden: true, Direction: 0 } && backward is { Picked: true, Hidden: true, Direction: 1 }
            && backward.Layers[0] == plan && plan.Directions == 2;
        if (!joins)
            throw node.Refuse("axis",
                "joins final states other than one bidirectional layer's forward h then backward h (PyTorch torch.cat([h[-2], h[-1]], dim=1)), " +
                "the only order a Keras Bidirectional concatenates.");
        if (plan != Plans[^1] || plan.SequenceRead)
            throw node.Refuse(null, "uses the final state of a bidirectional layer that is not the last layer, or whose sequence is read too, as data.");
        plan.ReturnSequences = false;
        return new DataValue([Axis.Batch, Axis.Feature], plan);
    }

    /// <summary>Takes input <paramref name="input"/> of <paramref name="node"/> as data; a value read twice would make the graph branch.</summary>
    public DataValue TakeData(OnnxNode node, int input)
    {
        string name = node.Input(input);
        if (!_data.TryGetValue(name, out var value)) throw node.Refuse(null, $"input {input} ('{name}') is not the model's data.");
        if (!_consumed.Add(name)) throw node.Refuse(null, $"reads '{name}' a second time; a Sequential does not branch.");
        if (value.Reversed && node.Op is not ("Transpose" or "Identity") && !Imports.OfType<RecurrentImport>().Any(r => r.Ops.Contains(node.Op)))
            throw node.Refuse(null, "reads a time-reversed sequence; only a recurrent layer may (Keras goBackwards).");
        if (value.From is RecurrentPlan recurrent && value.Axes.Contains(Axis.Time)) recurrent.SequenceRead = true;
        return value;
    }

    /// <summary>Whether input <paramref name="input"/> of <paramref name="node"/> is on the data path.</summary>
    public bool IsData(OnnxNode node, int input) => _data.ContainsKey(node.Input(input));

    /// <summary>Puts a data value under <paramref name="name"/> (an optional output may be unnamed: "" stands for an absent input).</summary>
    public void PutData(string name, DataValue value)
    {
        if (name.Length > 0) _data[name] = value;
    }

    /// <summary>Puts a recurrent layer's final state under <paramref name="name"/> (an optional output may be unnamed).</summary>
    public void PutState(string name, StateValue state)
    {
        if (name.Length > 0) _states[name] = state;
    }

    /// <summary>Input <paramref name="input"/> of <paramref name="node"/> as a constant tensor (initializer or Constant node).</summary>
    public TensorProto Constant(OnnxNode node, int input)
    {
        string name = node.Input(input);
        return _constants.TryGetValue(name, out var tensor)
            ? tensor
            : throw node.Refuse(null, $"input {input} ('{name}') must be a constant (an initializer or a Constant node).");
    }

    /// <summary>
    /// Checks that an initial state input is a zero state or comes from a graph input (PyTorch slices its (layers, batch, H)
    /// h0/c0 per layer): the imported model's carry stands for it then.
    /// </summary>
    public void CheckInitialState(OnnxNode node, int input) => CheckInitialState(node, node.Input(input));

    // OnnxExport stacks a bidirectional layer's two state inputs with Concat: each part is checked.
    private void CheckInitialState(OnnxNode node, string name)
    {
        while (name.Length > 0 && !_graphInputs.Contains(name))
        {
            if (!_producers.TryGetValue(name, out var producer))
                throw node.Refuse(null, $"initial state '{name}' is neither a graph input nor computed in the graph.");
            if (producer.Op == "ConstantOfShape")
            {
                var value = producer.Proto.Attribute.FirstOrDefault(a => a.Name == "value")?.T;
                if (value is not null && TensorData.Floats(value).Any(v => v != 0))
                    throw node.Refuse(null, $"initial state '{name}' is a non-zero constant; the engine starts from zeros or from the carry.");
                return;
            }
            if (producer.Op == "Concat")
            {
                foreach (string part in producer.Proto.Input) CheckInitialState(node, part);
                return;
            }
            if (producer.Op is not ("Slice" or "Gather" or "Squeeze" or "Unsqueeze" or "Identity"))
                throw node.Refuse(null, $"initial state '{name}' is computed by {producer.Op} node '{producer.Name}'; only zeros or a slice of a graph input map to the carry.");
            name = producer.Input(0);
        }
    }
}
