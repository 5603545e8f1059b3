using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Losses;

/// <summary>Keras <c>categorical_crossentropy</c>: targets are probability rows (one-hot), shaped as the prediction.</summary>
public sealed class CategoricalCrossentropy : Crossentropy
{
    /// <summary>Creates the loss; <paramref name="fromLogits"/> false (Keras' default) expects probabilities.</summary>
    public CategoricalCrossentropy(bool fromLogits = false) : base(fromLogits)
    {
    }

    /// <inheritdoc />
    public override string Name => "categorical_crossentropy";

    /// <inheritdoc />
    protected override void CheckTarget(Tensor prediction, Tensor target) => EnsureSameShape(prediction, target);

    /// <inheritdoc />
    protected override float Target(ReadOnlySpan<float> target, int row, int classes, int j) => target[row * classes + j];
}
