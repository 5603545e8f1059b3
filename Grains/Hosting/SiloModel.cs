using LstmActors.Grains.Batching;
using LstmActors.Grains.Models;
using LstmActors.Grains.Monitoring;
using LstmActors.Grains.Training;
using Microsoft.Extensions.Logging;

namespace LstmActors.Grains.Hosting;

/// <summary>
/// One model as served by one silo: its definition, step batcher and gradient worker, kept on the newest version seen
/// (from contribution replies and from a long poll on the model grain).
/// </summary>
internal sealed class SiloModel : IDisposable
{
    private static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(2), RetryAfter = TimeSpan.FromSeconds(1);
    private readonly IModelGrain _grain;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();

    public SiloModel(ModelDefinition definition, ModelVersion initial, IModelGrain grain, string silo, GrainsOptions options, ILogger logger)
    {
        Definition = definition;
        _grain = grain;
        _logger = logger;
        Batcher = new StepBatcher(definition, initial, options.Batcher);
        Worker = new GradientWorker(definition, initial, grain, silo, options.MaxWindowsPerContribution, Install, logger);
        _ = ListenForVersions();
    }

    public ModelDefinition Definition { get; }

    public StepBatcher Batcher { get; }

    public GradientWorker Worker { get; }

    /// <summary>The batcher's recent tick rate, sampled by the silo's timer.</summary>
    public TickRateMeter TickRate { get; } = new();

    /// <summary>Whether series of this model build training windows.</summary>
    public bool Trains => Definition.Training.Mode != TrainingMode.Off;

    /// <summary>Hands a newer version to the batcher (swapped in between batches) and to the gradient worker.</summary>
    public void Install(ModelVersion version)
    {
        Batcher.Publish(version);
        Worker.Publish(version);
    }

    /// <summary>
    /// Keeps a long poll open on the model grain so every new version (a training step anywhere, weights set by a
    /// client) reaches this silo's batcher, also when this silo is not training.
    /// </summary>
    private async Task ListenForVersions()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                if (await _grain.WaitForVersion(Batcher.LatestVersion, LongPoll) is { } version) Install(version);
            }
            catch (Exception e)
            {
                if (_stopping.IsCancellationRequested) return;
                _logger.LogDebug(e, "Waiting for new versions of model {Model} failed; retrying.", Definition.Name);
                try
                {
                    await Task.Delay(RetryAfter, _stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        Worker.Stop();
        Batcher.Dispose();
    }
}
