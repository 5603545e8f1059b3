namespace LstmActors.Engine.Constraints;

/// <summary>Keras <c>non_neg</c>: negative weights are set to zero.</summary>
public sealed class NonNeg : Constraint
{
    /// <inheritdoc />
    public override string Name => "non_neg";

    /// <inheritdoc />
    public override void Apply(Span<float> values, int[] shape)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] < 0f) values[i] = 0f;
        }
    }
}
