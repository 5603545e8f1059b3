using LstmActors.Engine.Activations;
using LstmActors.Engine.Layers;

namespace LstmActors.Engine.Onnx.Import;

/// <summary>
/// What reading every recurrent operator (LSTM, GRU, RNN) shares: the attributes a time-major layer may have, forward
/// (on a reversed input: Keras goBackwards) or bidirectional (a Keras Bidirectional, each direction's weights read as a
/// layer of its own), zero or carried initial states, and outputs Y (data) and final states. A cell adds its weights and
/// own attributes.
/// </summary>
internal abstract class RecurrentImport : INodeImport
{
    // Inputs 0-3 are X, W, R, B for every recurrent operator; 4 is sequence_lens, the initial states follow.
    private const int SequenceLens = 4;

    /// <summary>The ONNX operator.</summary>
    protected abstract string Op { get; }

    /// <summary>The number of state inputs and final-state outputs (LSTM: h and c).</summary>
    protected abstract int StateCount { get; }

    /// <summary>The cell's own attributes besides the shared ones.</summary>
    protected abstract string[] OwnAttributes { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> Ops => [Op];

    /// <summary>
    /// Checks the cell's own attributes and inputs and reads its layer (weights in Keras layout) for one direction of
    /// <paramref name="directions"/>, going backwards if told.
    /// </summary>
    protected abstract RecurrentPlan ReadLayer(OnnxNode node, GraphReader graph, int units, int features, bool goBackwards, int direction, int directions);

    /// <inheritdoc />
    public void Read(OnnxNode node, GraphReader graph)
    {
        node.AllowOnly(["hidden_size", "direction", "activations", "layout", .. OwnAttributes]);
        string direction = node.String("direction", "forward");
        if (direction is not ("forward" or "bidirectional"))
            throw node.Refuse("direction", $"\"{direction}\" is not supported, only \"forward\" and \"bidirectional\".");
        int directions = direction == "bidirectional" ? 2 : 1;
        if (node.Int("layout", 0) != 0) throw node.Refuse("layout", "only 0 (time-major) is supported.");
        if (!node.Has("hidden_size")) throw node.Refuse("hidden_size", "is required.");
        var value = graph.TakeData(node, 0);
        if (!value.Axes.SequenceEqual([Axis.Time, Axis.Batch, Axis.Feature]))
            throw node.Refuse(null,
                $"X must be the data made time-major (timesteps, batch, features), it is ({string.Join(", ", value.Axes)}); a PyTorch model must use batch_first=True.");
        if (node.Input(SequenceLens).Length > 0) throw node.Refuse("sequence_lens", "sequences of different lengths in one batch are not supported.");
        for (int s = 0; s < StateCount; s++) graph.CheckInitialState(node, SequenceLens + 1 + s);
        var w = graph.Constant(node, 1);
        int units = (int)node.Int("hidden_size", 0), features = (int)w.Dims[2];
        if (directions == 2 && value.Reversed) throw node.Refuse("direction", "a bidirectional layer over a reversed sequence is not supported.");
        var plan = directions == 1 ? ReadLayer(node, graph, units, features, value.Reversed, 0, 1) : ReadBidirectional(node, graph, units, features);
        graph.Plans.Add(plan);
        if (node.Proto.Output.Count > 0) graph.PutData(node.Proto.Output[0], new DataValue([Axis.Time, Axis.Direction, Axis.Batch, Axis.Feature], plan));
        // Output 1 is h, the layer's last output too; the cell's other states follow, one row per direction.
        var rows = Enumerable.Repeat(plan, directions).ToArray();
        for (int s = 1; s < node.Proto.Output.Count; s++) graph.PutState(node.Proto.Output[s], new StateValue(rows, Hidden: s == 1, Picked: false));
    }

    // ONNX's reverse direction reads the sequence from its end and writes its outputs in input order, as the backward
    // layer of a Keras Bidirectional does; Keras keeps the forward layer's weights first.
    private RecurrentPlan ReadBidirectional(OnnxNode node, GraphReader graph, int units, int features)
    {
        var forward = ReadLayer(node, graph, units, features, goBackwards: false, 0, 2);
        var backward = ReadLayer(node, graph, units, features, goBackwards: false, 1, 2);
        RecurrentPlan? plan = null;
        plan = new RecurrentPlan(returnSequences =>
        {
            forward.ReturnSequences = returnSequences;
            return new Bidirectional((Rnn)forward.Create(), plan!.MergeMode);
        }, [.. forward.Weights(), .. backward.Weights()], directions: 2);
        return plan;
    }

    /// <summary>
    /// The node's activations for one direction (the operator's <paramref name="defaults"/> when absent; ONNX lists each
    /// direction's in turn), refusing another count, directions that differ, or one the engine has not.
    /// </summary>
    protected static Activation[] ReadActivations(OnnxNode node, int directions, params string[] defaults)
    {
        var names = node.Strings("activations") ?? [.. Enumerable.Repeat(defaults, directions).SelectMany(d => d)];
        if (names.Length != defaults.Length * directions)
            throw node.Refuse("activations", $"[{string.Join(", ", names)}] is not supported: a {(directions == 2 ? "bidirectional" : "forward")} {node.Op} takes {defaults.Length * directions}.");
        if (directions == 2 && !names.Take(defaults.Length).SequenceEqual(names.Skip(defaults.Length)))
            throw node.Refuse("activations", $"[{string.Join(", ", names)}]: directions with different activations are not supported (a Keras Bidirectional copies its layer).");
        return names.Take(defaults.Length).Select(name => OnnxActivations.Parse(name)
            ?? throw node.Refuse("activations", $"{name} is not supported (Tanh, Sigmoid, Relu, HardSigmoid are).")).ToArray();
    }

    /// <summary>
    /// One direction's weights in Keras layout: kernel, recurrent kernel and, when the node has B, the bias (see
    /// <see cref="GateLayout.BiasToKeras"/>). W, R and B hold the directions one after the other.
    /// </summary>
    protected static float[][] ReadWeights(OnnxNode node, GraphReader graph, GateLayout layout, int units, int features, int direction, bool separateBiasRows = false)
    {
        int rows = layout.Gates * units;
        var kernel = layout.ToKeras(TensorData.Floats(graph.Constant(node, 1)).AsSpan(direction * rows * features, rows * features), features, units);
        var recurrent = layout.ToKeras(TensorData.Floats(graph.Constant(node, 2)).AsSpan(direction * rows * units, rows * units), units, units);
        if (node.Input(3).Length == 0) return [kernel, recurrent];
        return [kernel, recurrent, layout.BiasToKeras(TensorData.Floats(graph.Constant(node, 3)).AsSpan(direction * 2 * rows, 2 * rows), units, separateBiasRows)];
    }
}
