namespace LstmActors.Engine.Recurrent;

/// <summary>The explicit state of a GRU or SimpleRNN layer a caller owns: h, (batch, units) row-major.</summary>
public sealed class HiddenCarry : RecurrentCarry
{
    /// <summary>A zero carry for the given batch and units.</summary>
    public HiddenCarry(int batch, int units)
        : base(batch, units, Zeros(1, batch, units))
    {
    }

    /// <inheritdoc />
    public override HiddenCarry Clone()
    {
        var copy = new HiddenCarry(Batch, Units);
        copy.CopyFrom(this);
        return copy;
    }

    /// <inheritdoc />
    internal override RecurrentCarry CreateEmpty(int batch) => new HiddenCarry(batch, Units);
}
