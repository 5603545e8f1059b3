namespace LstmActors.Engine.Initializers;

/// <summary>Keras <c>he_normal</c>: truncated normal with standard deviation √(2 / fan_in).</summary>
public sealed class HeNormal : VarianceScaling
{
    /// <summary>Creates the initializer (it has no arguments).</summary>
    public HeNormal() : base(2, FanMode.FanIn, uniform: false)
    {
    }

    /// <inheritdoc />
    public override string Name => "he_normal";
}
