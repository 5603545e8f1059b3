namespace LstmActors.Engine.Constraints;

/// <summary>Keras <c>max_norm</c>: slices along the axis with a norm above <see cref="MaxValue"/> are scaled down to it (defaults 2, axis 0).</summary>
public sealed class MaxNorm : NormConstraint
{
    /// <summary>Creates the constraint.</summary>
    public MaxNorm(float maxValue = 2f, int axis = 0) : base(axis)
    {
        MaxValue = maxValue;
    }

    /// <summary>The largest norm allowed.</summary>
    public float MaxValue { get; }

    /// <inheritdoc />
    public override string Name => "max_norm";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Config
    {
        get
        {
            var c = AxisConfig();
            c["max_value"] = MaxValue;
            return c;
        }
    }

    /// <inheritdoc />
    protected override float Desired(float norm) => Math.Clamp(norm, 0f, MaxValue);
}
