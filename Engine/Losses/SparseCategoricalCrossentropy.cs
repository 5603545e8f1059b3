using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Losses;

/// <summary>
/// Keras <c>sparse_categorical_crossentropy</c>: targets are class ids (floats holding integers), shaped as the
/// prediction without its class axis; an id outside [0, classes) is refused.
/// </summary>
public sealed class SparseCategoricalCrossentropy : Crossentropy
{
    /// <summary>Creates the loss; <paramref name="fromLogits"/> false (Keras' default) expects probabilities.</summary>
    public SparseCategoricalCrossentropy(bool fromLogits = false) : base(fromLogits)
    {
    }

    /// <inheritdoc />
    public override string Name => "sparse_categorical_crossentropy";

    /// <inheritdoc />
    public override IReadOnlyList<int> TargetShape(IReadOnlyList<int> outputShape) => outputShape.Take(outputShape.Count - 1).ToArray();

    /// <inheritdoc />
    protected override void CheckTarget(Tensor prediction, Tensor target)
    {
        int classes = prediction.Shape[^1];
        bool fits = target.Rank == prediction.Rank - 1;
        for (int d = 0; fits && d < target.Rank; d++) fits = target.Shape[d] == prediction.Shape[d];
        if (!fits)
            throw new ArgumentException(
                $"Class-id target shape {target.ShapeText} does not match the model output {prediction.ShapeText} without its class axis.");
        foreach (float id in target.Span)
        {
            if (!(id >= 0 && id < classes) || id != MathF.Floor(id))
                throw new ArgumentException($"Target class id {id} is not an integer in [0, {classes}).");
        }
    }

    /// <inheritdoc />
    protected override float Target(ReadOnlySpan<float> target, int row, int classes, int j) => (int)target[row] == j ? 1f : 0f;
}
