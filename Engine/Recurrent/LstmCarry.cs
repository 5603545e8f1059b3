namespace LstmActors.Engine.Recurrent;

/// <summary>The explicit LSTM state a caller owns: h and c, each (batch, units) row-major.</summary>
public sealed class LstmCarry : RecurrentCarry
{
    /// <summary>A zero carry for the given batch and units.</summary>
    public LstmCarry(int batch, int units)
        : base(batch, units, Zeros(2, batch, units))
    {
    }

    /// <summary>Cell state (batch, units).</summary>
    public float[] C => States[1];

    /// <inheritdoc />
    public override LstmCarry Clone()
    {
        var copy = new LstmCarry(Batch, Units);
        copy.CopyFrom(this);
        return copy;
    }

    /// <inheritdoc />
    internal override RecurrentCarry CreateEmpty(int batch) => new LstmCarry(batch, Units);
}
