namespace LstmActors.Engine.Recurrent;

/// <summary>
/// The explicit state of one recurrent layer that a caller owns: one or more (batch, units) row-major arrays, h first
/// (LSTM: h, c; GRU and SimpleRNN: h; Bidirectional: the forward layer's, then the backward layer's).
/// </summary>
public abstract class RecurrentCarry
{
    /// <summary>Wraps state arrays of (batch, units) each.</summary>
    private protected RecurrentCarry(int batch, int units, IReadOnlyList<float[]> states)
    {
        if (batch <= 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "Carry batch must be positive.");
        if (units <= 0) throw new ArgumentOutOfRangeException(nameof(units), units, "Carry units must be positive.");
        Batch = batch;
        Units = units;
        States = states;
    }

    /// <summary>Rows (series) held.</summary>
    public int Batch { get; }

    /// <summary>Hidden units per row.</summary>
    public int Units { get; }

    /// <summary>Every state array, (batch, units) each, in Keras' state order.</summary>
    public IReadOnlyList<float[]> States { get; }

    /// <summary>Hidden state (batch, units).</summary>
    public float[] H => States[0];

    /// <summary>Zeroes every state (Keras reset_states).</summary>
    public void Reset()
    {
        foreach (var state in States) Array.Clear(state);
    }

    /// <summary>A deep copy.</summary>
    public abstract RecurrentCarry Clone();

    /// <summary>Copies every state from a carry of the same kind and shape.</summary>
    public void CopyFrom(RecurrentCarry other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.GetType() != GetType() || other.Batch != Batch || other.Units != Units)
            throw new ArgumentException(
                $"Carry shape mismatch: expected {GetType().Name} (batch {Batch}, units {Units}), " +
                $"got {other.GetType().Name} (batch {other.Batch}, units {other.Units}).", nameof(other));
        for (int s = 0; s < States.Count; s++) other.States[s].CopyTo(States[s], 0);
    }

    /// <summary>A carry holding only the rows at <paramref name="rows"/>, in that order (copied).</summary>
    public RecurrentCarry Select(ReadOnlySpan<int> rows)
    {
        var selected = CreateEmpty(rows.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            if ((uint)rows[i] >= (uint)Batch)
                throw new ArgumentOutOfRangeException(nameof(rows), $"Row {rows[i]} is outside the carry's batch of {Batch}.");
            for (int s = 0; s < States.Count; s++)
                States[s].AsSpan(rows[i] * Units, Units).CopyTo(selected.States[s].AsSpan(i * Units));
        }
        return selected;
    }

    /// <summary>A zero carry of the same kind and units for <paramref name="batch"/> rows.</summary>
    internal abstract RecurrentCarry CreateEmpty(int batch);

    /// <summary>Zeroed arrays of (batch, units) each.</summary>
    private protected static float[][] Zeros(int count, int batch, int units) =>
        Enumerable.Range(0, count).Select(_ => new float[Math.Max(0, batch * units)]).ToArray();
}
