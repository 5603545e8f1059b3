namespace LstmActors.Engine.Losses;

/// <summary>Mean squared error (Keras "mse").</summary>
public sealed class Mse : ElementwiseLoss
{
    /// <inheritdoc />
    public override string Name => "mse";

    /// <inheritdoc />
    protected override double Element(float difference) => (double)difference * difference;

    /// <inheritdoc />
    protected override float ElementDerivative(float difference) => 2f * difference;
}
