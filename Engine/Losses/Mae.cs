namespace LstmActors.Engine.Losses;

/// <summary>Mean absolute error (Keras "mae"); the derivative at zero is taken as zero, like TensorFlow's sign.</summary>
public sealed class Mae : ElementwiseLoss
{
    /// <inheritdoc />
    public override string Name => "mae";

    /// <inheritdoc />
    protected override double Element(float difference) => Math.Abs(difference);

    /// <inheritdoc />
    protected override float ElementDerivative(float difference) => MathF.Sign(difference);
}
