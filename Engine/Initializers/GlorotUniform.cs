namespace LstmActors.Engine.Initializers;

/// <summary>Keras <c>glorot_uniform</c>: U(−l, l) with l = √(6 / (fan_in + fan_out)).</summary>
public sealed class GlorotUniform : VarianceScaling
{
    /// <summary>Creates the initializer (it has no arguments).</summary>
    public GlorotUniform() : base(1, FanMode.FanAvg, uniform: true)
    {
    }

    /// <inheritdoc />
    public override string Name => "glorot_uniform";
}
