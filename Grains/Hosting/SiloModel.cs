using LstmActors.Grains.Batching;
using LstmActors.Grains.Models;
using LstmActors.Grains.Training;

namespace LstmActors.Grains.Hosting;

/// <summary>One model as served by one silo: its definition, step batcher and gradient worker, kept on the newest version seen.</summary>
internal sealed class SiloModel : IDisposable
{
    public SiloModel(ModelDefinition definition, ModelVersion initial, IModelGrain grain, string silo, GrainsOptions options,
        Microsoft.Extensions.Logging.ILogger logger)
    {
        Definition = definition;
        Batcher = new StepBatcher(definition, initial, options.Batcher);
        Worker = new GradientWorker(definition, initial, grain, silo, options.MaxWindowsPerContribution, Install, logger);
    }

    public ModelDefinition Definition { get; }

    public StepBatcher Batcher { get; }

    public GradientWorker Worker { get; }

    /// <summary>Whether series of this model build training windows.</summary>
    public bool Trains => Definition.Training.Mode != TrainingMode.Off;

    /// <summary>Hands a newer version to the batcher (swapped in between batches) and to the gradient worker.</summary>
    public void Install(ModelVersion version)
    {
        Batcher.Publish(version);
        Worker.Publish(version);
    }

    public void Dispose()
    {
        Worker.Stop();
        Batcher.Dispose();
    }
}
