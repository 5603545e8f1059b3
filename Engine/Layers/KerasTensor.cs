using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Layers;

/// <summary>
/// Keras <c>KerasTensor</c>: a symbolic tensor of a functional graph — a shape and the layer call that makes it —
/// given by <see cref="Input"/> and by calling layers on such tensors; a <see cref="Models.Model"/> is built from them.
/// </summary>
public class KerasTensor
{
    internal KerasTensor(int[] shape, int? batchSize, Node? node, int index)
    {
        Shape = shape;
        BatchSize = batchSize;
        Node = node;
        Index = index;
    }

    /// <summary>The per-sample shape (no batch), e.g. (timesteps, features); <see cref="Input.AnyLength"/> for open timesteps.</summary>
    public int[] Shape { get; }

    /// <summary>The fixed batch size, or null when any batch size is accepted.</summary>
    public int? BatchSize { get; }

    /// <summary>The call that makes this tensor; null for an <see cref="Input"/>.</summary>
    internal Node? Node { get; }

    /// <summary>Which output of <see cref="Node"/> this is (Keras' tensor index).</summary>
    internal int Index { get; }

    /// <summary>Keras' <c>output, state = gru(x)</c> with returnState (or a model's two outputs): the call's outputs in order.</summary>
    public void Deconstruct(out KerasTensor first, out KerasTensor second)
    {
        var outputs = CallOutputs(2);
        (first, second) = (outputs[0], outputs[1]);
    }

    /// <summary>Keras' <c>output, h, c = lstm(x)</c> with returnState (or a model's three outputs): the call's outputs in order.</summary>
    public void Deconstruct(out KerasTensor first, out KerasTensor second, out KerasTensor third)
    {
        var outputs = CallOutputs(3);
        (first, second, third) = (outputs[0], outputs[1], outputs[2]);
    }

    /// <summary>The per-sample shape with the batch, e.g. "(None, 3, 16)".</summary>
    public override string ToString() =>
        $"KerasTensor{Tensor.FormatWithBatch(BatchSize, Shape)}" + (Node is null ? "" : $" from {Node.Layer.Name ?? Node.Layer.NameStem}");

    private IReadOnlyList<KerasTensor> CallOutputs(int count)
    {
        if (Node is null || Index != 0 || Node.Outputs.Length != count)
        {
            string source = Node is null ? "an Input" : $"output {Index} of {Node.Layer.TypeName} '{Node.Layer.Name ?? Node.Layer.NameStem}', which gives {Node.Outputs.Length}";
            throw new InvalidOperationException(
                $"Cannot split {this} into {count} tensors: it is {source} (a recurrent layer gives its states with returnState: true).");
        }
        return Node.Outputs;
    }
}
