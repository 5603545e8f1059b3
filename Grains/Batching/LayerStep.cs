using LstmActors.Engine.Layers;
using LstmActors.Engine.Recurrent;

namespace LstmActors.Grains.Batching;

/// <summary>
/// One recurrent layer of the inference network: the engine's kernel for its cell, weights packed once per version,
/// advancing a batch's resident carries by one step without allocating.
/// </summary>
internal abstract class LayerStep
{
    /// <summary>The step for <paramref name="layer"/>, its kernel split over <paramref name="threads"/> threads.</summary>
    public static LayerStep For(RecurrentLayer layer, int threads) => layer switch
    {
        Lstm lstm => new LstmLayerStep(lstm, threads),
        Gru gru => new GruLayerStep(gru, threads),
        _ => throw new NotSupportedException($"Layer '{layer.Name}' ({layer.TypeName}) cannot be served by a step batcher; models stack LSTM or GRU layers."),
    };

    /// <summary>A zero carry for <paramref name="rows"/> series.</summary>
    public abstract RecurrentCarry CreateCarry(int rows);

    /// <summary>Packs the current weights of <paramref name="layer"/> (the layer this step was made for).</summary>
    public abstract void Install(RecurrentLayer layer);

    /// <summary>One step of <paramref name="rows"/> series: inputs (rows, F), <paramref name="carry"/> advanced in place, h written to <paramref name="output"/> (rows, H).</summary>
    public abstract void Forward(ReadOnlySpan<float> x, int rows, RecurrentCarry carry, Span<float> output);
}
