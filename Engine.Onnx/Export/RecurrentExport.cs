using LstmActors.Engine.Layers;
using Onnx;

namespace LstmActors.Engine.Onnx.Export;

/// <summary>
/// What every recurrent layer's export shares: the batch-first input made time-major (and reversed for goBackwards, so
/// the outputs come in Keras' order), the state as explicit graph inputs and outputs "&lt;layer&gt;/&lt;state&gt;_in" and
/// "&lt;layer&gt;/&lt;state&gt;_out" of shape (batch, units), and the sequence or last output made batch-first again.
/// A cell adds its operator, weights and attributes.
/// </summary>
internal abstract class RecurrentExport<TLayer> : ILayerExport where TLayer : Layer
{
    /// <summary>The ONNX operator: LSTM, GRU or RNN.</summary>
    protected abstract string OpType { get; }

    /// <summary>The state the operator carries, in its input order after sequence_lens (LSTM: h, c).</summary>
    protected abstract string[] States { get; }

    /// <summary>Hidden units.</summary>
    protected abstract int Units(TLayer layer);

    /// <summary>Whether the layer outputs every step.</summary>
    protected abstract bool ReturnSequences(TLayer layer);

    /// <summary>Whether the layer reads the sequence last step first.</summary>
    protected abstract bool GoBackwards(TLayer layer);

    /// <summary>Adds W, R and B (empty name: no bias) in ONNX layout.</summary>
    protected abstract (string W, string R, string B) WriteWeights(TLayer layer, OnnxGraph graph);

    /// <summary>The operator's attributes besides hidden_size.</summary>
    protected abstract IEnumerable<AttributeProto> Attributes(TLayer layer);

    /// <inheritdoc />
    public bool Handles(Layer layer) => layer is TLayer;

    /// <inheritdoc />
    public string Write(Layer layer, string input, OnnxGraph graph)
    {
        var cell = (TLayer)layer;
        string name = layer.Name!;
        int units = Units(cell);
        string timeMajor = graph.AddNode("Transpose", $"{name}/to_time_major", [input], OnnxGraph.Ints("perm", 1, 0, 2));
        if (GoBackwards(cell))
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
        if (!ReturnSequences(cell))
            return graph.AddNode("Gather", $"{name}/last", [sequence, graph.AddInt64Scalar($"{name}/last_step", -1)], OnnxGraph.Int("axis", 0));
        return graph.AddNode("Transpose", $"{name}/to_batch_major", [sequence], OnnxGraph.Ints("perm", 1, 0, 2));
    }
}
