using LstmActors.Engine.Models;
using LstmActors.Engine.Tensors;
using LstmActors.Grains.Models;

namespace LstmActors.Grains.Training;

/// <summary>
/// Training windows stacked into one BPTT batch: inputs (B, W, F), targets (B, W, P) and the start carries. Kept and
/// filled again for the next batch of the same size: a replay steps on 500 windows a block, and arrays of a megabyte
/// made afresh each time go to the large-object heap, whose collections stop the whole silo.
/// </summary>
/// <param name="Inputs">Stacked inputs.</param>
/// <param name="Targets">Stacked targets.</param>
/// <param name="Carry">Each window's start carry as one row.</param>
internal sealed record TrainingBatch(Tensor Inputs, Tensor Targets, ModelCarry Carry)
{
    /// <summary>Windows stacked.</summary>
    public int Size => Inputs.Shape[0];

    /// <summary>A batch for <paramref name="size"/> windows of <paramref name="definition"/> on <paramref name="network"/> (built with its window length).</summary>
    public static TrainingBatch For(ModelDefinition definition, int size, Sequential network)
    {
        int w = definition.WindowLength;
        return new TrainingBatch(Tensor.From(new float[size * w * definition.InputWidth], size, w, definition.InputWidth),
            Tensor.From(new float[size * w * definition.PredictedFeatures.Length], size, w, definition.PredictedFeatures.Length), network.CreateCarry(size));
    }

    /// <summary>Stacks <paramref name="windows"/> (exactly <see cref="Size"/> of them) into the batch, every row overwritten.</summary>
    public void Fill(ModelDefinition definition, IReadOnlyList<TrainingWindow> windows)
    {
        int w = definition.WindowLength, f = definition.InputWidth, p = definition.PredictedFeatures.Length, h = definition.Units;
        int states = definition.StatesPerLayer;
        Span<float> x = Inputs.Span, y = Targets.Span;
        for (int i = 0; i < windows.Count; i++)
        {
            var window = windows[i];
            window.Inputs.AsSpan(0, w * f).CopyTo(x.Slice(i * w * f));
            window.Targets.AsSpan(0, w * p).CopyTo(y.Slice(i * w * p));
            for (int l = 0; l < definition.Layers; l++)
                for (int s = 0; s < states; s++) window.StartCarry.AsSpan((l * states + s) * h, h).CopyTo(Carry.Carries[l].States[s].AsSpan(i * h, h));
        }
    }
}
