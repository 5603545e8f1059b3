using LstmActors.Engine.Models;
using LstmActors.Engine.Tensors;
using LstmActors.Grains.Models;

namespace LstmActors.Grains.Training;

/// <summary>Training windows stacked into one BPTT batch: inputs (B, W, F), targets (B, W, P) and the start carries.</summary>
/// <param name="Inputs">Stacked inputs.</param>
/// <param name="Targets">Stacked targets.</param>
/// <param name="Carry">Each window's start carry as one row.</param>
internal sealed record TrainingBatch(Tensor Inputs, Tensor Targets, ModelCarry Carry)
{
    /// <summary>Stacks <paramref name="windows"/> for <paramref name="network"/> (built with the definition's window length).</summary>
    public static TrainingBatch Gather(ModelDefinition definition, IReadOnlyList<TrainingWindow> windows, Sequential network)
    {
        int b = windows.Count, w = definition.WindowLength, f = definition.InputWidth, p = definition.PredictedFeatures.Length, h = definition.Units;
        int states = definition.StatesPerLayer;
        var x = new float[b * w * f];
        var y = new float[b * w * p];
        var carry = network.CreateCarry(b);
        for (int i = 0; i < b; i++)
        {
            var window = windows[i];
            window.Inputs.AsSpan(0, w * f).CopyTo(x.AsSpan(i * w * f));
            window.Targets.AsSpan(0, w * p).CopyTo(y.AsSpan(i * w * p));
            for (int l = 0; l < definition.Layers; l++)
                for (int s = 0; s < states; s++) window.StartCarry.AsSpan((l * states + s) * h, h).CopyTo(carry.Carries[l].States[s].AsSpan(i * h, h));
        }
        return new TrainingBatch(Tensor.From(x, b, w, f), Tensor.From(y, b, w, p), carry);
    }
}
