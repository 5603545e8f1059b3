namespace LstmActors.Engine.Recurrent;

/// <summary>The explicit LSTM state a caller owns: h and c, each (batch, units) row-major.</summary>
public sealed class LstmCarry
{
    /// <summary>A zero carry for the given batch and units.</summary>
    public LstmCarry(int batch, int units)
    {
        if (batch <= 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "Carry batch must be positive.");
        if (units <= 0) throw new ArgumentOutOfRangeException(nameof(units), units, "Carry units must be positive.");
        Batch = batch;
        Units = units;
        H = new float[batch * units];
        C = new float[batch * units];
    }

    /// <summary>Rows (series) held.</summary>
    public int Batch { get; }

    /// <summary>Hidden units per row.</summary>
    public int Units { get; }

    /// <summary>Hidden state (batch, units).</summary>
    public float[] H { get; }

    /// <summary>Cell state (batch, units).</summary>
    public float[] C { get; }

    /// <summary>Zeroes h and c (Keras reset_states).</summary>
    public void Reset()
    {
        Array.Clear(H);
        Array.Clear(C);
    }

    /// <summary>A deep copy.</summary>
    public LstmCarry Clone()
    {
        var copy = new LstmCarry(Batch, Units);
        copy.CopyFrom(this);
        return copy;
    }

    /// <summary>Copies h and c from a carry of the same shape.</summary>
    public void CopyFrom(LstmCarry other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Batch != Batch || other.Units != Units)
            throw new ArgumentException(
                $"Carry shape mismatch: expected (batch {Batch}, units {Units}), got (batch {other.Batch}, units {other.Units}).", nameof(other));
        other.H.CopyTo(H, 0);
        other.C.CopyTo(C, 0);
    }
}
