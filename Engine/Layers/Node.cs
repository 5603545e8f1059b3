namespace LstmActors.Engine.Layers;

/// <summary>
/// Keras <c>Node</c>: one call of a layer on symbolic tensors — what it read and what it made. A layer called twice
/// (shared) has two nodes and one set of weights.
/// </summary>
internal sealed class Node
{
    public Node(Layer layer, KerasTensor[] inputs, int[][] outputShapes, int index)
    {
        Layer = layer;
        Inputs = inputs;
        Index = index;
        int? batch = inputs.Select(i => i.BatchSize).FirstOrDefault(b => b is not null);
        Outputs = outputShapes.Select((shape, i) => new KerasTensor(shape, batch, this, i)).ToArray();
    }

    /// <summary>The layer called.</summary>
    public Layer Layer { get; }

    /// <summary>The tensors it read, in call order (a recurrent layer's initial states follow its input).</summary>
    public KerasTensor[] Inputs { get; }

    /// <summary>The tensors it made (a recurrent layer with returnState: the output, then its states).</summary>
    public KerasTensor[] Outputs { get; }

    /// <summary>Keras' node index: which call of <see cref="Layer"/> this is.</summary>
    public int Index { get; }
}
