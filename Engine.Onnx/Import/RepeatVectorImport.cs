namespace LstmActors.Engine.Onnx.Import;

/// <summary>Reads a Keras RepeatVector as OnnxExport writes it: (batch, F) → <c>Unsqueeze</c> at axis 1 → <c>Expand</c> to (1, n, 1).</summary>
internal sealed class RepeatVectorImport : INodeImport
{
    /// <inheritdoc />
    public IReadOnlyList<string> Ops { get; } = ["Unsqueeze", "Expand"];

    /// <inheritdoc />
    public void Read(OnnxNode node, GraphReader graph)
    {
        var value = graph.TakeData(node, 0);
        if (node.Op == "Unsqueeze")
        {
            node.AllowOnly("axes");
            var axes = node.Ints("axes") ?? TensorData.Longs(graph.Constant(node, 1));
            if (!value.Axes.SequenceEqual([Axis.Batch, Axis.Feature]) || !axes.SequenceEqual([1L]))
                throw node.Refuse("axes", "only (batch, features) made one timestep (axis 1), a RepeatVector, is supported.");
            var repeat = new RepeatVectorPlan();
            graph.Plans.Add(repeat);
            graph.PutData(node.Proto.Output[0], new DataValue([Axis.Batch, Axis.Time, Axis.Feature], repeat));
            return;
        }
        node.AllowOnly();
        var shape = TensorData.Longs(graph.Constant(node, 1));
        if (value.From is not RepeatVectorPlan { N: 1 } plan || value.Axes.Length != 3 || shape.Length != 3 || shape[0] != 1 || shape[2] != 1)
            throw node.Refuse(null, "only repeating one timestep (shape (1, n, 1) after an Unsqueeze), a RepeatVector, is supported.");
        plan.N = (int)shape[1];
        graph.PutData(node.Proto.Output[0], value);
    }
}
