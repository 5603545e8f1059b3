using LstmActors.Engine.Activations;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Recurrent;
using Onnx;

namespace LstmActors.Engine.Onnx.Export;

/// <summary>
/// What every recurrent layer's export shares: the batch-first input made time-major (and reversed for goBackwards, so
/// the outputs come in Keras' order), the initial state from the call's initial-state inputs or else as explicit graph
/// inputs "&lt;call&gt;/&lt;state&gt;_in", the final state as graph outputs "&lt;call&gt;/&lt;state&gt;_out" (each (batch, units)),
/// and the sequence or last output made batch-first again, followed by the final states with returnState.
/// A <see cref="Bidirectional"/> around the cell becomes the operator's bidirectional direction, its states
/// "&lt;call&gt;/forward_h_in", "&lt;call&gt;/backward_h_in"… and its merge. A cell adds its operator, weights and attributes.
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

    /// <summary>The operator's attributes besides hidden_size and direction, for one direction.</summary>
    protected abstract IEnumerable<AttributeProto> Attributes(TLayer layer);

    /// <inheritdoc />
    public bool Handles(Layer layer) => layer is TLayer || layer is Bidirectional { ForwardLayer: TLayer };

    /// <inheritdoc />
    public string[] Write(LayerCall call, OnnxGraph graph)
    {
        string name = call.Name;
        string timeMajor = graph.AddNode("Transpose", $"{name}/to_time_major", [call.Inputs[0]], OnnxGraph.Ints("perm", 1, 0, 2));
        if (call.Layer is Bidirectional bidirectional) return [WriteBidirectional(call, bidirectional, timeMajor, graph)];
        var cell = (TLayer)call.Layer;
        if (cell.GoBackwards)
        {
            timeMajor = graph.AddNode("Slice", $"{name}/reverse", [timeMajor, graph.AddInt64s($"{name}/reverse_starts", -1),
                graph.AddInt64s($"{name}/reverse_ends", long.MinValue), graph.AddInt64s($"{name}/reverse_axes", 0),
                graph.AddInt64s($"{name}/reverse_steps", -1)]);
        }
        var (outputs, finalStates) = WriteOperator(call, timeMajor, [cell], graph);
        string sequence = graph.AddNode("Squeeze", $"{name}/sequence", [outputs[0], graph.AddInt64s($"{name}/axis1", 1)]);
        // The last step is taken from the sequence rather than from the final state, as PyTorch writes it: the file then reads back in.
        string output = cell.ReturnSequences
            ? graph.AddNode("Transpose", $"{name}/to_batch_major", [sequence], OnnxGraph.Ints("perm", 1, 0, 2))
            : graph.AddNode("Gather", $"{name}/last", [sequence, graph.AddInt64Scalar($"{name}/last_step", -1)], OnnxGraph.Int("axis", 0));
        return cell.ReturnState ? [output, .. finalStates] : [output];
    }

    /// <summary>The ONNX name of one of the layer's activations; refuses one without a parameterless ONNX equivalent (linear).</summary>
    protected static string ActivationName(TLayer layer, Activation activation) =>
        OnnxActivations.Name(activation)
        ?? throw new NotSupportedException(
            $"Layer '{layer.Name}' ({layer.TypeName}): activation '{ActivationFunctions.KerasName(activation)}' has no ONNX equivalent without parameters.");

    // ONNX's reverse direction reads the sequence last step first and writes its outputs in input order, as Keras' backward layer.
    // A Bidirectional in a functional graph takes no initial state from the graph and gives none as a call output: only its merged output.
    private string WriteBidirectional(LayerCall call, Bidirectional layer, string timeMajor, OnnxGraph graph)
    {
        string name = call.Name;
        if (layer.ForwardLayer.GoBackwards)
            throw new NotSupportedException($"Layer '{name}' (Bidirectional): a wrapped layer with goBackwards has no ONNX equivalent.");
        var (outputs, _) = WriteOperator(call, timeMajor, [(TLayer)layer.ForwardLayer, (TLayer)layer.BackwardLayer], graph);
        // Y (timesteps, 2, batch, units) or, for the last step, Y_h (2, batch, units): the forward last step and the backward
        // one (input step 0); both made batch-first with the direction next to the units, then merged over it.
        var (value, perm, flat) = layer.ReturnSequences
            ? (outputs[0], new long[] { 2, 0, 1, 3 }, new long[] { 0, 0, -1 })
            : (outputs[1], new long[] { 1, 0, 2 }, new long[] { 0, -1 });
        string batchMajor = graph.AddNode("Transpose", $"{name}/to_batch_major", [value], OnnxGraph.Ints("perm", perm));
        long directionAxis = perm.Length - 2;
        return layer.MergeMode switch
        {
            "concat" => graph.AddNode("Reshape", $"{name}/concat", [batchMajor, graph.AddInt64s($"{name}/concat_shape", flat)]),
            "sum" => graph.AddNode("ReduceSum", $"{name}/sum", [batchMajor, graph.AddInt64s($"{name}/direction_axis", directionAxis)], OnnxGraph.Int("keepdims", 0)),
            "mul" => graph.AddNode("ReduceProd", $"{name}/mul", [batchMajor], OnnxGraph.Ints("axes", directionAxis), OnnxGraph.Int("keepdims", 0)),
            "ave" => graph.AddNode("ReduceMean", $"{name}/ave", [batchMajor], OnnxGraph.Ints("axes", directionAxis), OnnxGraph.Int("keepdims", 0)),
            _ => throw new NotSupportedException($"Layer '{name}' (Bidirectional): merge mode '{layer.MergeMode}' has no ONNX export."),
        };
    }

    // The operator over one direction or two (forward, backward). Its initial states are the call's initial-state inputs
    // when it has them, else graph inputs; its final states are graph outputs. Returns its outputs (Y, then the states)
    // and the final states as (batch, units) values, state by state and direction by direction.
    private (string[] Outputs, string[] FinalStates) WriteOperator(LayerCall call, string timeMajor, TLayer[] directions, OnnxGraph graph)
    {
        string name = call.Name;
        int units = directions[0].Units;
        bool both = directions.Length == 2;
        string[] prefixes = both ? ["forward_", "backward_"] : [""];
        string axis0 = graph.AddInt64s($"{name}/axis0", 0);
        var initial = States.Select((state, s) =>
        {
            var perDirection = prefixes.Select((prefix, d) =>
            {
                string stateInput = call.Inputs.Length > 1 ? call.Inputs[1 + d * States.Length + s] : $"{name}/{prefix}{state}_in";
                if (call.Inputs.Length == 1) graph.AddInput(stateInput, [units]);
                return graph.AddNode("Unsqueeze", $"{name}/{prefix}{state}_in_directions", [stateInput, axis0]);
            }).ToArray();
            return both ? graph.AddNode("Concat", $"{name}/{state}_in_directions", perDirection, OnnxGraph.Int("axis", 0)) : perDirection[0];
        }).ToArray();
        var (w, r, b) = WriteWeights(call, directions, graph);
        var attributes = Attributes(directions[0]).Select(a => both ? ForBothDirections(a) : a).Append(OnnxGraph.Int("hidden_size", units));
        if (both) attributes = attributes.Append(OnnxGraph.String("direction", "bidirectional"));
        var outputs = graph.AddNode(OpType, name, [timeMajor, w, r, b, "", .. initial], 1 + States.Length, attributes.ToArray());
        var finalStates = new List<string>();
        for (int s = 0; s < States.Length; s++)
        {
            for (int d = 0; d < prefixes.Length; d++)
            {
                string stateName = $"{name}/{prefixes[d]}{States[s]}_out";
                string value = both
                    ? graph.AddNode("Gather", $"{stateName}_direction", [outputs[1 + s], graph.AddInt64Scalar($"{name}/direction{d}", d)], OnnxGraph.Int("axis", 0))
                    : graph.AddNode("Squeeze", $"{name}/{States[s]}_out_directions", [outputs[1 + s], axis0]);
                graph.AddOutput(stateName, value, [units]);
                finalStates.Add(value);
            }
        }
        return (outputs, finalStates.ToArray());
    }

    // ONNX lists the activations of every direction one after the other; both directions use the same.
    private static AttributeProto ForBothDirections(AttributeProto attribute)
    {
        if (attribute.Name != "activations") return attribute;
        var both = attribute.Clone();
        both.Strings.AddRange(attribute.Strings);
        return both;
    }

    // W [directions, gates·H, F], R [directions, gates·H, H], B [directions, 2·gates·H] (empty name: no bias); once per layer.
    private (string W, string R, string B) WriteWeights(LayerCall call, TLayer[] directions, OnnxGraph graph)
    {
        var layer = directions[0];
        var weights = directions.Select(Weights).ToArray();
        int units = layer.Units, features = weights[0].InputSize, rows = Layout.Gates * units, count = directions.Length;
        string w = graph.LayerWeight(call.Layer, call.WeightName, "W", () => [.. weights.SelectMany(x => Layout.ToOnnx(x.Kernel, features, units))], count, rows, features);
        string r = graph.LayerWeight(call.Layer, call.WeightName, "R", () => [.. weights.SelectMany(x => Layout.ToOnnx(x.RecurrentKernel, units, units))], count, rows, units);
        string b = layer.UseBias
            ? graph.LayerWeight(call.Layer, call.WeightName, "B", () => [.. weights.SelectMany(x => Layout.BiasToOnnx(x.Bias, units))], count, 2 * rows)
            : "";
        return (w, r, b);
    }
}
