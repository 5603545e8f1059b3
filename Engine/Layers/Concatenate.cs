using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Layers;

/// <summary>
/// Keras <c>Concatenate(axis=-1)</c>: joins two or more tensors along an axis (by default the features), e.g. the
/// states of an encoder's two directions; all other axes must agree. A functional-graph layer: <c>Call([a, b])</c>.
/// </summary>
public sealed class Concatenate : Layer
{
    /// <summary>Joins along <paramref name="axis"/> of the per-sample shape counted with the batch as axis 0; negative counts from the end (Keras' default -1).</summary>
    public Concatenate(int axis = -1)
    {
        if (axis == 0) throw new ArgumentOutOfRangeException(nameof(axis), axis, "Concatenate cannot join along the batch axis 0.");
        Axis = axis;
    }

    /// <summary>The axis joined (with the batch as axis 0; negative from the end).</summary>
    public int Axis { get; }

    /// <inheritdoc />
    public override string TypeName => "Concatenate";

    /// <inheritdoc />
    public override string NameStem => "concatenate";

    /// <summary>A single input has nothing to join with: Concatenate is called on a list.</summary>
    public override int[] ComputeOutputShape(int[] inputShape) =>
        throw new ArgumentException($"Layer {Label} joins a list of at least two inputs; call it with Call([a, b]).");

    /// <inheritdoc />
    internal override int[][] CallShapes(IReadOnlyList<KerasTensor> inputs)
    {
        if (inputs.Count < 2)
            throw new ArgumentException($"Layer {Label} joins a list of at least two inputs, got {inputs.Count}.", nameof(inputs));
        var first = inputs[0].Shape;
        int axis = SampleAxis(first.Length);
        var output = (int[])first.Clone();
        for (int i = 1; i < inputs.Count; i++)
        {
            var shape = inputs[i].Shape;
            bool fits = shape.Length == first.Length;
            for (int d = 0; fits && d < shape.Length; d++)
                fits = d == axis || shape[d] == first[d] || shape[d] == Input.AnyLength || first[d] == Input.AnyLength;
            if (!fits)
                throw new ArgumentException(
                    $"Layer {Label} joins along axis {Axis}, so the other axes must agree; input 0 is {Tensor.FormatWithBatch(null, first)}, " +
                    $"input {i} is {Tensor.FormatWithBatch(null, shape)}.", nameof(inputs));
            output[axis] = output[axis] == Input.AnyLength || shape[axis] == Input.AnyLength ? Input.AnyLength : output[axis] + shape[axis];
        }
        // No weights to make: the first call's shapes are the layer's (Keras gives a list of input shapes; here the first).
        if (!IsBuilt) SetBuilt((int[])first.Clone(), (int[])output.Clone());
        return [output];
    }

    /// <inheritdoc />
    internal override Tensor Forward(Tensor input, bool training) => throw Single();

    /// <inheritdoc />
    internal override Tensor Backward(Tensor outputGradient) => throw Single();

    /// <summary>Copies, for each index before the axis, each input's block (its extent on the axis times the axes after it) in turn.</summary>
    internal override void Forward(Tensor[] inputs, Tensor[] outputs, bool training)
    {
        int axis = SampleAxis(inputs[0].Rank - 1) + 1;
        var shape = inputs[0].Shape.ToArray();
        foreach (var input in inputs)
        {
            // Open (AnyLength) axes were accepted when the graph was made; the batch's real sizes must still agree.
            for (int d = 0; d < shape.Length; d++)
                if (d != axis && input.Shape[d] != shape[d])
                    throw new ArgumentException($"Layer {Label}: inputs {inputs[0].ShapeText} and {input.ShapeText} differ off the joined axis {Axis}.");
        }
        shape[axis] = inputs.Sum(i => i.Shape[axis]);
        var output = Tensor.Zeros(shape);
        int outer = shape.Take(axis).Aggregate(1, (a, b) => a * b);
        int row = output.Length / outer, offset = 0;
        foreach (var input in inputs)
        {
            int block = input.Length / outer;
            for (int o = 0; o < outer; o++) input.Span.Slice(o * block, block).CopyTo(output.Span.Slice(o * row + offset, block));
            offset += block;
        }
        if (training) SaveForBackward<Saved>().Shapes = inputs.Select(i => i.Shape.ToArray()).ToArray();
        outputs[0] = output;
    }

    /// <summary>Each input's gradient is its blocks of the output's gradient.</summary>
    internal override void Backward(Tensor?[] outputGradients, Tensor?[] inputGradients)
    {
        var shapes = SavedForBackward<Saved>().Shapes!;
        var gradient = outputGradients[0]!;
        int axis = SampleAxis(shapes[0].Length - 1) + 1;
        int outer = shapes[0].Take(axis).Aggregate(1, (a, b) => a * b);
        int row = gradient.Length / outer, offset = 0;
        for (int i = 0; i < shapes.Length; i++)
        {
            var inputGradient = Tensor.Zeros(shapes[i]);
            int block = inputGradient.Length / outer;
            for (int o = 0; o < outer; o++) gradient.Span.Slice(o * row + offset, block).CopyTo(inputGradient.Span.Slice(o * block, block));
            offset += block;
            inputGradients[i] = inputGradient;
        }
    }

    /// <summary>The joined axis within the per-sample shape (no batch) of rank <paramref name="rank"/>.</summary>
    private int SampleAxis(int rank)
    {
        int axis = Axis < 0 ? rank + 1 + Axis : Axis;
        if (axis < 1 || axis > rank)
            throw new ArgumentException($"Layer {Label}: axis {Axis} is outside inputs of rank {rank + 1} (with the batch).");
        return axis - 1;
    }

    private NotSupportedException Single() => new($"Layer {Label} joins a list of inputs; it runs in a functional model.");

    /// <summary>What a training call keeps for its backward: the inputs' shapes.</summary>
    private sealed class Saved
    {
        public int[][]? Shapes;
    }
}
