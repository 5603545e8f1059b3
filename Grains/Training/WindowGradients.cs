using LstmActors.Engine.Models;
using LstmActors.Grains.Models;

namespace LstmActors.Grains.Training;

/// <summary>Summed truncated-BPTT gradients of training windows on a weights version: one batched pass over all of them.</summary>
internal sealed class WindowGradients : IDisposable
{
    private readonly ModelDefinition _definition;
    private readonly Sequential _trainer;
    private int _version;
    private TrainingBatch? _batch;

    /// <summary>
    /// The pass for <paramref name="definition"/>, its recurrent layers split over <paramref name="threads"/> threads (the
    /// same bits for any count). A data-paced replay's step takes every core: all series wait for it.
    /// </summary>
    public WindowGradients(ModelDefinition definition, int threads = 1)
    {
        _definition = definition;
        _trainer = ModelNetwork.Build(definition, definition.WindowLength);
        foreach (var layer in _trainer.RecurrentLayers.OfType<Engine.Layers.Rnn>()) layer.Threads = threads;
    }

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
        if (_batch?.Size != windows.Count) _batch = TrainingBatch.For(_definition, windows.Count, _trainer);
        var batch = _batch;
        batch.Fill(_definition, windows);
        var gradients = _trainer.ComputeGradients(batch.Inputs, batch.Targets, batch.Carry);
        int samples = windows.Count;
        var sum = gradients.Values;
        for (int i = 0; i < sum.Length; i++) sum[i] *= samples;
        return (sum, gradients.Loss * samples);
    }

    /// <summary>Releases the layers' background threads.</summary>
    public void Dispose()
    {
        foreach (var layer in _trainer.RecurrentLayers.OfType<Engine.Layers.Rnn>()) layer.Threads = 1;
    }
}
