using LstmActors.Engine.Layers;
using LstmActors.Engine.Recurrent;

namespace LstmActors.Grains.Batching;

/// <summary>An LSTM layer's step: carries h and c.</summary>
internal sealed class LstmLayerStep(Lstm layer, int threads) : LayerStep
{
    private readonly LstmKernel _kernel = new(layer.Spec) { Threads = threads };

    /// <inheritdoc />
    public override RecurrentCarry CreateCarry(int rows) => new LstmCarry(rows, layer.Units);

    /// <inheritdoc />
    public override void Install(RecurrentLayer layer) => _kernel.SetWeights(((Lstm)layer).Weights);

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<float> x, int rows, RecurrentCarry carry, Span<float> output) =>
        _kernel.Forward(x, rows, 1, (LstmCarry)carry, output);
}
