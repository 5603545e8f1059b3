namespace LstmActors.Engine.Constraints;

/// <summary>Keras <c>unit_norm</c>: every slice along the axis (default 0) gets norm 1.</summary>
public sealed class UnitNorm : NormConstraint
{
    /// <summary>Creates the constraint.</summary>
    public UnitNorm(int axis = 0) : base(axis)
    {
    }

    /// <inheritdoc />
    public override string Name => "unit_norm";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Config => AxisConfig();

    /// <inheritdoc />
    protected override float Desired(float norm) => 1f;
}
