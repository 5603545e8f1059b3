namespace LstmActors.Engine.Regularizers;

/// <summary>Keras <c>l2</c>: l2·Σw², default factor 0.01.</summary>
public sealed class L2 : L1L2
{
    /// <summary>Creates the regularizer.</summary>
    public L2(float l2 = 0.01f) : base(0f, l2)
    {
    }

    /// <inheritdoc />
    public override string Name => "l2";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Config => new Dictionary<string, double> { ["l2"] = L2Factor };
}
