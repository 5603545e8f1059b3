using LstmActors.Engine.Recurrent;

namespace LstmActors.Engine.Models;

/// <summary>
/// The explicit state of a model for a batch of series: one <see cref="LstmCarry"/> (h, c) per LSTM layer, in layer
/// order. Owned by the caller (a series actor, a batcher) and advanced in place by <see cref="Sequential.Advance"/>.
/// </summary>
public sealed class ModelCarry
{
    /// <summary>Wraps per-layer carries that share one batch size.</summary>
    public ModelCarry(IReadOnlyList<LstmCarry> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0) throw new ArgumentException("A model carry needs at least one LSTM layer carry.", nameof(layers));
        int batch = layers[0].Batch;
        for (int i = 1; i < layers.Count; i++)
        {
            if (layers[i].Batch != batch)
                throw new ArgumentException($"LSTM carry {i} has batch {layers[i].Batch}, carry 0 has {batch}.", nameof(layers));
        }
        Layers = layers;
        Batch = batch;
    }

    /// <summary>One carry per LSTM layer, first layer first.</summary>
    public IReadOnlyList<LstmCarry> Layers { get; }

    /// <summary>Number of series (rows) held.</summary>
    public int Batch { get; }

    /// <summary>Zeroes every layer's h and c (Keras reset_states).</summary>
    public void Reset()
    {
        foreach (var carry in Layers) carry.Reset();
    }

    /// <summary>A deep copy (e.g. to forecast ahead without disturbing the live state).</summary>
    public ModelCarry Clone() => new(Layers.Select(c => c.Clone()).ToArray());

    /// <summary>A carry holding only the series at <paramref name="rows"/>, in that order (copied).</summary>
    public ModelCarry Select(ReadOnlySpan<int> rows)
    {
        var selected = new LstmCarry[Layers.Count];
        for (int l = 0; l < Layers.Count; l++)
        {
            var source = Layers[l];
            var target = new LstmCarry(rows.Length, source.Units);
            for (int i = 0; i < rows.Length; i++)
            {
                if ((uint)rows[i] >= (uint)Batch)
                    throw new ArgumentOutOfRangeException(nameof(rows), $"Row {rows[i]} is outside the carry's batch of {Batch}.");
                source.H.AsSpan(rows[i] * source.Units, source.Units).CopyTo(target.H.AsSpan(i * source.Units));
                source.C.AsSpan(rows[i] * source.Units, source.Units).CopyTo(target.C.AsSpan(i * source.Units));
            }
            selected[l] = target;
        }
        return new ModelCarry(selected);
    }
}
