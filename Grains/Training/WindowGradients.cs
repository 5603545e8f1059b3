using LstmActors.Engine.Models;
using LstmActors.Grains.Models;

namespace LstmActors.Grains.Training;

/// <summary>Summed truncated-BPTT gradients of training windows on a weights version: one batched pass over all of them.</summary>
internal sealed class WindowGradients(ModelDefinition definition)
{
    private readonly Sequential _trainer = ModelNetwork.Build(definition, definition.WindowLength);
    private int _version;

    /// <summary>
    /// The sum over <paramref name="windows"/> of each window's mean-loss gradient on <paramref name="version"/> (flat,
    /// in weights order), and the sum of their losses: sums add up across batches, and the model grain divides by the
    /// total window count.
    /// </summary>
    public (float[] GradientSum, float LossSum) Sum(IReadOnlyList<TrainingWindow> windows, ModelVersion version)
    {
        if (_version != version.Version)
        {
            _trainer.SetWeights(version.Weights);
            _version = version.Version;
        }
        var batch = TrainingBatch.Gather(definition, windows, _trainer);
        var gradients = _trainer.ComputeGradients(batch.Inputs, batch.Targets, batch.Carry);
        int samples = windows.Count;
        var sum = gradients.Values;
        for (int i = 0; i < sum.Length; i++) sum[i] *= samples;
        return (sum, gradients.Loss * samples);
    }
}
