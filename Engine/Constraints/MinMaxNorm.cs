namespace LstmActors.Engine.Constraints;

/// <summary>
/// Keras <c>min_max_norm</c>: each slice's norm moves to rate·clip(norm, min, max) + (1 − rate)·norm
/// (defaults min 0, max 1, rate 1, axis 0).
/// </summary>
public sealed class MinMaxNorm : NormConstraint
{
    /// <summary>Creates the constraint.</summary>
    public MinMaxNorm(float minValue = 0f, float maxValue = 1f, float rate = 1f, int axis = 0) : base(axis)
    {
        if (minValue > maxValue) throw new ArgumentOutOfRangeException(nameof(minValue), $"min_max_norm needs minValue ≤ maxValue, got {minValue} and {maxValue}.");
        MinValue = minValue;
        MaxValue = maxValue;
        Rate = rate;
    }

    /// <summary>The smallest norm.</summary>
    public float MinValue { get; }

    /// <summary>The largest norm.</summary>
    public float MaxValue { get; }

    /// <summary>How far to move towards the clipped norm (1 = all the way).</summary>
    public float Rate { get; }

    /// <inheritdoc />
    public override string Name => "min_max_norm";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Config
    {
        get
        {
            var c = AxisConfig();
            c["min_value"] = MinValue;
            c["max_value"] = MaxValue;
            c["rate"] = Rate;
            return c;
        }
    }

    /// <inheritdoc />
    protected override float Desired(float norm) => Rate * Math.Clamp(norm, MinValue, MaxValue) + (1 - Rate) * norm;
}
