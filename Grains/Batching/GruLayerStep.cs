using LstmActors.Engine.Layers;
using LstmActors.Engine.Recurrent;

namespace LstmActors.Grains.Batching;

/// <summary>A GRU layer's step: carries h only.</summary>
internal sealed class GruLayerStep(Gru layer, int threads) : LayerStep
{
    private readonly GruKernel _kernel = new(layer.Spec) { Threads = threads };

    /// <inheritdoc />
    public override RecurrentCarry CreateCarry(int rows) => new HiddenCarry(rows, layer.Units);

    /// <inheritdoc />
    public override void Install(RecurrentLayer layer) => _kernel.SetWeights(((Gru)layer).Weights);

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<float> x, int rows, RecurrentCarry carry, Span<float> output) =>
        _kernel.Forward(x, rows, 1, (HiddenCarry)carry, output);
}
