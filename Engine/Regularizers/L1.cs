namespace LstmActors.Engine.Regularizers;

/// <summary>Keras <c>l1</c>: l1·Σ|w|, default factor 0.01.</summary>
public sealed class L1 : L1L2
{
    /// <summary>Creates the regularizer.</summary>
    public L1(float l1 = 0.01f) : base(l1, 0f)
    {
    }

    /// <inheritdoc />
    public override string Name => "l1";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Config => new Dictionary<string, double> { ["l1"] = L1Factor };
}
