namespace LstmActors.Engine.Initializers;

/// <summary>Keras <c>glorot_normal</c>: truncated normal with standard deviation √(2 / (fan_in + fan_out)).</summary>
public sealed class GlorotNormal : VarianceScaling
{
    /// <summary>Creates the initializer (it has no arguments).</summary>
    public GlorotNormal() : base(1, FanMode.FanAvg, uniform: false)
    {
    }

    /// <inheritdoc />
    public override string Name => "glorot_normal";
}
