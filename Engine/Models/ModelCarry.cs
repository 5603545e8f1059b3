using LstmActors.Engine.Recurrent;

namespace LstmActors.Engine.Models;

/// <summary>
/// The explicit state of a model for a batch of series: one <see cref="RecurrentCarry"/> per recurrent layer call (carry slot), in run
/// order. Owned by the caller (a series actor, a batcher) and advanced in place by Model.Advance.
/// </summary>
public sealed class ModelCarry
{
    /// <summary>Wraps per-layer carries that share one batch size.</summary>
    public ModelCarry(IReadOnlyList<RecurrentCarry> carries)
    {
        ArgumentNullException.ThrowIfNull(carries);
        if (carries.Count == 0) throw new ArgumentException("A model carry needs at least one recurrent layer carry.", nameof(carries));
        int batch = carries[0].Batch;
        for (int i = 1; i < carries.Count; i++)
        {
            if (carries[i].Batch != batch)
                throw new ArgumentException($"Layer carry {i} has batch {carries[i].Batch}, carry 0 has {batch}.", nameof(carries));
        }
        Carries = carries;
        Batch = batch;
    }

    /// <summary>One carry per recurrent layer, first layer first.</summary>
    public IReadOnlyList<RecurrentCarry> Carries { get; }

    /// <summary>The carries as LSTM carries, for a model whose recurrent layers are all LSTM; throws otherwise (use <see cref="Carries"/>).</summary>
    public IReadOnlyList<LstmCarry> Layers => Carries.All(c => c is LstmCarry)
        ? Carries.Cast<LstmCarry>().ToArray()
        : throw new InvalidOperationException("This carry holds non-LSTM layer states; read them through Carries.");

    /// <summary>Number of series (rows) held.</summary>
    public int Batch { get; }

    /// <summary>Zeroes every layer's states (Keras reset_states).</summary>
    public void Reset()
    {
        foreach (var carry in Carries) carry.Reset();
    }

    /// <summary>A deep copy (e.g. to forecast ahead without disturbing the live state).</summary>
    public ModelCarry Clone() => new(Carries.Select(c => c.Clone()).ToArray());

    /// <summary>A carry holding only the series at <paramref name="rows"/>, in that order (copied).</summary>
    public ModelCarry Select(ReadOnlySpan<int> rows)
    {
        var selected = new RecurrentCarry[Carries.Count];
        for (int l = 0; l < Carries.Count; l++) selected[l] = Carries[l].Select(rows);
        return new ModelCarry(selected);
    }
}
