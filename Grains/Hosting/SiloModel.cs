using LstmActors.Grains.Batching;
using LstmActors.Grains.Models;
using LstmActors.Grains.Monitoring;
using LstmActors.Grains.Training;
using Microsoft.Extensions.Logging;

namespace LstmActors.Grains.Hosting;

/// <summary>
/// One model as served by one silo: its definition, step batcher and gradient worker, kept on the newest version seen.
/// New versions come in contribution replies and as pushes to this object, a grain observer subscribed on the model
/// grain (renewed well within <see cref="IModelGrain.SubscriptionLifetime"/>, so a reactivated model grain finds it again).
/// </summary>
internal sealed class SiloModel : IModelObserver, IDisposable
{
    private static readonly TimeSpan RenewEvery = IModelGrain.SubscriptionLifetime / 3;
    private readonly IGrainFactory _grains;
    private readonly IModelGrain _grain;
    private readonly ILogger _logger;
    private readonly IModelObserver _reference;
    private readonly Timer _renewal;

    public SiloModel(ModelDefinition definition, ModelVersion initial, IGrainFactory grains, string silo, GrainsOptions options, ILogger logger)
    {
        Definition = definition;
        _grains = grains;
        _grain = grains.GetGrain<IModelGrain>(definition.Name);
        _logger = logger;
        Batcher = new StepBatcher(definition, initial, options.Batcher);
        Worker = new GradientWorker(definition, initial, _grain, silo, options, Install, logger);
        _reference = grains.CreateObjectReference<IModelObserver>(this);
        _renewal = new Timer(_ => _ = Subscribe(), null, TimeSpan.Zero, RenewEvery);
    }

    public ModelDefinition Definition { get; }

    public StepBatcher Batcher { get; }

    public GradientWorker Worker { get; }

    /// <summary>How the silo's series of this model forecast so far.</summary>
    public ModelEvaluation Evaluation { get; } = new();

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

    /// <inheritdoc />
    public Task VersionPublished(ModelVersion version)
    {
        Install(version);
        return Task.CompletedTask;
    }

    private async Task Subscribe()
    {
        try
        {
            // A version published while this silo was not subscribed (the model grain moved or restarted) is caught up here.
            if (await _grain.Subscribe(_reference) > Batcher.LatestVersion) Install(await _grain.GetLatest());
        }
        catch (Exception e)
        {
            _logger.LogDebug(e, "Subscribing to new versions of model {Model} failed; retrying in {Seconds} s.", Definition.Name, RenewEvery.TotalSeconds);
        }
    }

    public void Dispose()
    {
        _renewal.Dispose();
        _grains.DeleteObjectReference<IModelObserver>(_reference);
        Worker.Stop();
        Batcher.Dispose();
    }
}
