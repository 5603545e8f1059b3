namespace LstmActors.Engine.Onnx.Import;

/// <summary>
/// Follows the layout nodes between layers: Transpose permutes the axes, Squeeze drops a recurrent node's direction
/// axis, Reshape merges a bidirectional node's two directions into the features (Keras' concat) and ReduceSum,
/// ReduceProd or ReduceMean over them (sum, mul, ave), Gather of the last
/// timestep makes the LSTM before it return its last step only (Keras returnSequences false).
/// </summary>
internal sealed class LayoutImport : INodeImport
{
    /// <inheritdoc />
    public IReadOnlyList<string> Ops { get; } = ["Transpose", "Squeeze", "Reshape", "ReduceSum", "ReduceProd", "ReduceMean", "Gather", "Slice", "Identity"];

    /// <inheritdoc />
    public void Read(OnnxNode node, GraphReader graph)
    {
        var value = graph.TakeData(node, 0);
        var axes = value.Axes;
        string output = node.Proto.Output[0];
        switch (node.Op)
        {
            case "Identity":
                graph.PutData(output, value);
                break;
            case "Transpose":
                node.AllowOnly("perm");
                var perm = node.Ints("perm") ?? Enumerable.Range(0, axes.Length).Reverse().Select(i => (long)i).ToArray();
                graph.PutData(output, value with { Axes = perm.Select(p => axes[p]).ToArray() });
                break;
            case "Squeeze":
                node.AllowOnly("axes");
                var squeezed = (node.Ints("axes") ?? TensorData.Longs(graph.Constant(node, 1))).Select(a => Normalize(a, axes.Length)).ToArray();
                if (squeezed.Any(a => axes[a] != Axis.Direction))
                    throw node.Refuse("axes", "only a recurrent node's direction axis can be squeezed out of the data.");
                if (value.From is RecurrentPlan { Directions: 2 })
                    throw node.Refuse("axes", "squeezes the direction axis of a bidirectional layer, which holds two directions.");
                graph.PutData(output, value with { Axes = axes.Where((_, i) => !squeezed.Contains(i)).ToArray() });
                break;
            case "Slice":
                ReadReverse(node, graph, value, output);
                break;
            case "Reshape":
                ReadConcat(node, graph, value, output);
                break;
            case "ReduceSum" or "ReduceProd" or "ReduceMean":
                ReadMerge(node, graph, value, output);
                break;
            default:
                ReadGather(node, graph, value, output);
                break;
        }
    }

    private static void ReadGather(OnnxNode node, GraphReader graph, DataValue value, string output)
    {
        node.AllowOnly("axis");
        int axis = Normalize(node.Int("axis", 0), value.Axes.Length);
        var indices = graph.Constant(node, 1);
        long[] index = TensorData.Longs(indices);
        if (value.Axes[axis] != Axis.Time || indices.Dims.Count != 0 || index[0] != -1)
            throw node.Refuse(null, "only taking the last timestep (index -1 of the time axis) is supported.");
        if (value.From is not RecurrentPlan recurrent)
            throw node.Refuse(null, "takes the last timestep of something other than a recurrent layer's sequence.");
        // The backward direction's output at the last timestep is its first step (it has read one input); a Keras
        // Bidirectional without return_sequences gives the backward direction's last step instead.
        if (recurrent.Directions == 2)
            throw node.Refuse(null,
                "takes the last timestep of a bidirectional layer's sequence (PyTorch out[:, -1]): its backward half is the backward direction's first step, " +
                "which a Keras Bidirectional does not return; keep the sequence, or end with a one-direction layer.");
        recurrent.ReturnSequences = false;
        graph.PutData(output, value with { Axes = value.Axes.Where((_, i) => i != axis).ToArray() });
    }

    private static void ReadReverse(OnnxNode node, GraphReader graph, DataValue value, string output)
    {
        long[] Input(int i) => node.Input(i).Length > 0 ? TensorData.Longs(graph.Constant(node, i)) : [];
        long[] starts = Input(1), ends = Input(2), axes = Input(3), steps = Input(4);
        int time = Array.IndexOf(value.Axes, Axis.Time);
        // From the last step (-1) back past the first whatever the length: ends at the int64 (or int32) minimum, as OnnxExport writes it.
        bool reverses = starts is [-1] && ends is [<= int.MinValue] && axes.Length == 1 && Normalize(axes[0], value.Axes.Length) == time && steps is [-1];
        if (!reverses || value.Reversed)
            throw node.Refuse(null, "only reversing the whole time axis (starts -1, step -1) for a recurrent layer's goBackwards is supported.");
        graph.PutData(output, value with { Reversed = true });
    }

    // PyTorch and OnnxExport write a bidirectional Y, made (..., directions, units), as (..., 2·units): the shape keeps
    // every axis before the two (0) and merges them (-1, or the width).
    private static void ReadConcat(OnnxNode node, GraphReader graph, DataValue value, string output)
    {
        node.AllowOnly("allowzero");
        var axes = value.Axes;
        long[] shape = TensorData.Longs(graph.Constant(node, 1));
        bool merges = value.From is RecurrentPlan { Directions: 2 } && axes.Length >= 2 && axes[^2] == Axis.Direction && axes[^1] == Axis.Feature
            && shape.Length == axes.Length - 1 && shape[..^1].All(d => d == 0) && shape[^1] != 0 && node.Int("allowzero", 0) == 0;
        if (!merges)
            throw node.Refuse(null, "only merging a bidirectional layer's two directions into its features (shape 0, ..., -1) is supported.");
        graph.PutData(output, value with { Axes = [.. axes[..^2], Axis.Feature] });
    }

    // A bidirectional layer's directions reduced away (keepdims 0): Keras' sum, mul and ave. ReduceSum takes its axes
    // as an input from opset 13, the others as an attribute until opset 18.
    private static void ReadMerge(OnnxNode node, GraphReader graph, DataValue value, string output)
    {
        node.AllowOnly(["axes", "keepdims", "noop_with_empty_axes"]);
        var axes = value.Axes;
        long[] reduced = node.Ints("axes") ?? (node.Input(1).Length > 0 ? TensorData.Longs(graph.Constant(node, 1)) : []);
        if (value.From is not RecurrentPlan { Directions: 2 } plan || reduced.Length != 1 || axes[Normalize(reduced[0], axes.Length)] != Axis.Direction
            || node.Int("keepdims", 1) != 0)
            throw node.Refuse(null, "only merging a bidirectional layer's two directions (its direction axis, keepdims 0) is supported.");
        plan.MergeMode = node.Op switch { "ReduceSum" => "sum", "ReduceProd" => "mul", _ => "ave" };
        graph.PutData(output, value with { Axes = axes.Where(a => a != Axis.Direction).ToArray() });
    }

    private static int Normalize(long axis, int rank) => (int)(axis < 0 ? axis + rank : axis);
}
