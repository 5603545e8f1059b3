using LstmActors.Engine.Activations;

namespace LstmActors.Engine.Onnx.Import;

/// <summary>
/// What reading every recurrent operator (LSTM, GRU, RNN) shares: the attributes a forward, time-major layer may have,
/// the time-major data input (reversed: Keras goBackwards), zero or carried initial states, and outputs Y (data) and final states. A cell adds its
/// weights and own attributes.
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

    /// <summary>Checks the cell's own attributes and inputs and reads its layer (weights in Keras layout), going backwards if told.</summary>
    protected abstract RecurrentPlan ReadLayer(OnnxNode node, GraphReader graph, int units, int features, bool goBackwards);

    /// <inheritdoc />
    public void Read(OnnxNode node, GraphReader graph)
    {
        node.AllowOnly(["hidden_size", "direction", "activations", "layout", .. OwnAttributes]);
        string direction = node.String("direction", "forward");
        if (direction != "forward") throw node.Refuse("direction", $"\"{direction}\" is not supported, only \"forward\".");
        if (node.Int("layout", 0) != 0) throw node.Refuse("layout", "only 0 (time-major) is supported.");
        if (!node.Has("hidden_size")) throw node.Refuse("hidden_size", "is required.");
        var value = graph.TakeData(node, 0);
        if (!value.Axes.SequenceEqual([Axis.Time, Axis.Batch, Axis.Feature]))
            throw node.Refuse(null,
                $"X must be the data made time-major (timesteps, batch, features), it is ({string.Join(", ", value.Axes)}); a PyTorch model must use batch_first=True.");
        if (node.Input(SequenceLens).Length > 0) throw node.Refuse("sequence_lens", "sequences of different lengths in one batch are not supported.");
        for (int s = 0; s < StateCount; s++) graph.CheckInitialState(node, SequenceLens + 1 + s);
        var w = graph.Constant(node, 1);
        var plan = ReadLayer(node, graph, (int)node.Int("hidden_size", 0), (int)w.Dims[2], value.Reversed);
        graph.Plans.Add(plan);
        if (node.Proto.Output.Count > 0) graph.PutData(node.Proto.Output[0], new DataValue([Axis.Time, Axis.Direction, Axis.Batch, Axis.Feature], plan));
        // Output 1 is h, the layer's last output too; the cell's other states follow.
        for (int s = 1; s < node.Proto.Output.Count; s++) graph.PutState(node.Proto.Output[s], new StateValue([plan], Hidden: s == 1, Picked: false));
    }

    /// <summary>The node's activations (the operator's <paramref name="defaults"/> when absent), refusing another count or one the engine has not.</summary>
    protected static Activation[] ReadActivations(OnnxNode node, params string[] defaults)
    {
        var names = node.Strings("activations") ?? defaults;
        if (names.Length != defaults.Length)
            throw node.Refuse("activations", $"[{string.Join(", ", names)}] is not supported: a forward {node.Op} takes {defaults.Length}.");
        return names.Select(name => OnnxActivations.Parse(name)
            ?? throw node.Refuse("activations", $"{name} is not supported (Tanh, Sigmoid, Relu, HardSigmoid are).")).ToArray();
    }

    /// <summary>The layer's weights in Keras layout: kernel, recurrent kernel and, when the node has B, the bias (see <see cref="GateLayout.BiasToKeras"/>).</summary>
    protected static float[][] ReadWeights(OnnxNode node, GraphReader graph, GateLayout layout, int units, int features, bool separateBiasRows = false)
    {
        var kernel = layout.ToKeras(TensorData.Floats(graph.Constant(node, 1)), features, units);
        var recurrent = layout.ToKeras(TensorData.Floats(graph.Constant(node, 2)), units, units);
        if (node.Input(3).Length == 0) return [kernel, recurrent];
        return [kernel, recurrent, layout.BiasToKeras(TensorData.Floats(graph.Constant(node, 3)), units, separateBiasRows)];
    }
}
