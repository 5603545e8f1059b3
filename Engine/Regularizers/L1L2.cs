namespace LstmActors.Engine.Regularizers;

/// <summary>Keras <c>l1_l2</c>: l1·Σ|w| + l2·Σw² (the string "l1_l2" gives 0.01 for both, as Keras' <c>l1_l2()</c>).</summary>
public class L1L2 : Regularizer
{
    /// <summary>Creates the regularizer with both factors.</summary>
    public L1L2(float l1 = 0.01f, float l2 = 0.01f)
    {
        if (l1 < 0 || l2 < 0 || !float.IsFinite(l1) || !float.IsFinite(l2))
            throw new ArgumentOutOfRangeException(nameof(l1), $"Regularization factors must be finite and non-negative, got l1 {l1}, l2 {l2}.");
        L1Factor = l1;
        L2Factor = l2;
    }

    /// <summary>Factor of Σ|w|.</summary>
    public float L1Factor { get; }

    /// <summary>Factor of Σw².</summary>
    public float L2Factor { get; }

    /// <inheritdoc />
    public override string Name => "l1_l2";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Config => new Dictionary<string, double> { ["l1"] = L1Factor, ["l2"] = L2Factor };

    /// <inheritdoc />
    public override double Penalty(ReadOnlySpan<float> values)
    {
        double absolute = 0, squares = 0;
        foreach (float v in values)
        {
            absolute += Math.Abs(v);
            squares += (double)v * v;
        }
        return L1Factor * absolute + L2Factor * squares;
    }

    /// <inheritdoc />
    public override void AddGradient(ReadOnlySpan<float> values, Span<float> gradient)
    {
        // The derivative of |w| at 0 is taken as 0, like TensorFlow's sign.
        float twiceL2 = 2 * L2Factor;
        for (int i = 0; i < values.Length; i++) gradient[i] += L1Factor * MathF.Sign(values[i]) + twiceL2 * values[i];
    }
}
