using LstmActors.Engine.Activations;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Recurrent;
using Onnx;

namespace LstmActors.Engine.Onnx.Export;

/// <summary>
/// What every recurrent layer's export shares: the batch-first input made time-major (and reversed for goBackwards, so
/// the outputs come in Keras' order), the state as explicit graph inputs and outputs "&lt;layer&gt;/&lt;state&gt;_in" and
/// "&lt;layer&gt;/&lt;state&gt;_out" of shape (batch, units), and the sequence or last output made batch-first again.
/// A cell adds its operator, weights and attributes.
/// </summary>
internal abstract class RecurrentExport<TLayer> : ILayerExport where TLayer : Rnn
{
    /// <summary>The ONNX operator: LSTM, GRU or RNN.</summary>
    protected abstract string OpType { get; }

    /// <summary>The state the operator carries, in its input order after sequence_lens (LSTM: h, c).</summary>
    protected abstract string[] States { get; }

    /// <summary>How the cell's gates and bias map onto the operator's W, R and B.</summary>
    protected abstract GateLayout Layout { get; }

    /// <summary>The layer's weights in Keras layout.</summary>
    protected abstract RecurrentWeights Weights(TLayer layer);

    /// <summary>The operator's attributes besides hidden_size.</summary>
    protected abstract IEnumerable<AttributeProto> Attributes(TLayer layer);

    /// <inheritdoc />
    public bool Handles(Layer layer) => layer is TLayer;

    /// <inheritdoc />
    public string Write(Layer layer, string input, OnnxGraph graph)
    {
        var cell = (TLayer)layer;
        string name = layer.Name!;
        int units = cell.Units;
        string timeMajor = graph.AddNode("Transpose", $"{name}/to_time_major", [input], OnnxGraph.Ints("perm", 1, 0, 2));
        if (cell.GoBackwards)
        {
            timeMajor = graph.AddNode("Slice", $"{name}/reverse", [timeMajor, graph.AddInt64s($"{name}/reverse_starts", -1),
                graph.AddInt64s($"{name}/reverse_ends", long.MinValue), graph.AddInt64s($"{name}/reverse_axes", 0),
                graph.AddInt64s($"{name}/reverse_steps", -1)]);
        }
        string axis0 = graph.AddInt64s($"{name}/axis0", 0);
        var initial = States.Select(state =>
        {
            string stateInput = $"{name}/{state}_in";
            graph.AddInput(stateInput, [units]);
            return graph.AddNode("Unsqueeze", $"{name}/{state}_in_directions", [stateInput, axis0]);
        }).ToArray();
        var (w, r, b) = WriteWeights(cell, graph);
        var attributes = Attributes(cell).Append(OnnxGraph.Int("hidden_size", units)).ToArray();
        var outputs = graph.AddNode(OpType, name, [timeMajor, w, r, b, "", .. initial], 1 + States.Length, attributes);
        for (int s = 0; s < States.Length; s++)
            graph.AddOutput($"{name}/{States[s]}_out", graph.AddNode("Squeeze", $"{name}/{States[s]}_out_directions", [outputs[1 + s], axis0]), [units]);
        string sequence = graph.AddNode("Squeeze", $"{name}/sequence", [outputs[0], graph.AddInt64s($"{name}/axis1", 1)]);
        // The last step is taken from the sequence rather than from the final state, as PyTorch writes it: the file then reads back in.
        if (!cell.ReturnSequences)
            return graph.AddNode("Gather", $"{name}/last", [sequence, graph.AddInt64Scalar($"{name}/last_step", -1)], OnnxGraph.Int("axis", 0));
        return graph.AddNode("Transpose", $"{name}/to_batch_major", [sequence], OnnxGraph.Ints("perm", 1, 0, 2));
    }

    /// <summary>The ONNX name of one of the layer's activations; refuses one without a parameterless ONNX equivalent (linear).</summary>
    protected static string ActivationName(TLayer layer, Activation activation) =>
        OnnxActivations.Name(activation)
        ?? throw new NotSupportedException(
            $"Layer '{layer.Name}' ({layer.TypeName}): activation '{ActivationFunctions.KerasName(activation)}' has no ONNX equivalent without parameters.");

    // W [1, gates·H, F], R [1, gates·H, H], B [1, 2·gates·H] (empty name: no bias).
    private (string W, string R, string B) WriteWeights(TLayer layer, OnnxGraph graph)
    {
        var weights = Weights(layer);
        int units = layer.Units, features = weights.InputSize, rows = Layout.Gates * units;
        string w = graph.AddWeight($"{layer.Name}/W", Layout.ToOnnx(weights.Kernel, features, units), 1, rows, features);
        string r = graph.AddWeight($"{layer.Name}/R", Layout.ToOnnx(weights.RecurrentKernel, units, units), 1, rows, units);
        string b = layer.UseBias ? graph.AddWeight($"{layer.Name}/B", Layout.BiasToOnnx(weights.Bias, units), 1, 2 * rows) : "";
        return (w, r, b);
    }
}
