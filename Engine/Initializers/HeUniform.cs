namespace LstmActors.Engine.Initializers;

/// <summary>Keras <c>he_uniform</c>: U(−l, l) with l = √(6 / fan_in).</summary>
public sealed class HeUniform : VarianceScaling
{
    /// <summary>Creates the initializer (it has no arguments).</summary>
    public HeUniform() : base(2, FanMode.FanIn, uniform: true)
    {
    }

    /// <inheritdoc />
    public override string Name => "he_uniform";
}
