using LstmActors.Grains.Models;

namespace LstmActors.Grains.Training;

/// <summary>
/// A model (key: the model name): owns the shared weights, the optimizer state and the version; combines the gradients
/// silos send into optimizer steps (synchronous rounds or asynchronous with a staleness bound); checkpoints to grain
/// storage. The built-in models ("stocks", "tanks") exist without being defined.
/// </summary>
public interface IModelGrain : IGrainWithStringKey
{
    /// <summary>How long a subscription of <see cref="Subscribe"/> lasts without being renewed.</summary>
    static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromSeconds(30);

    /// <summary>Creates the model from <paramref name="definition"/>, or checks that an existing one matches it in shape; returns the definition in force.</summary>
    Task<ModelDefinition> Define(ModelDefinition definition);

    /// <summary>The definition; throws if the model was never defined and is not built in.</summary>
    Task<ModelDefinition> GetDefinition();

    /// <summary>The definition, or null if the model was never defined and is not built in.</summary>
    Task<ModelDefinition?> FindDefinition();

    /// <summary>The current weights version.</summary>
    Task<ModelVersion> GetLatest();

    /// <summary>A silo announces it serves series of this model: synchronous rounds wait for it. Returns the definition and current weights.</summary>
    Task<ModelVersion> Join(string silo);

    /// <summary>Hands in a silo's summed gradient; completes when it was applied (synchronous: when its round closed) or dropped.</summary>
    Task<ContributionResult> Contribute(GradientContribution contribution);

    /// <summary>
    /// A series of a data-paced replay checks in for <paramref name="block"/> with the window the block's first tick
    /// closed (null when it closed none). Completes for all of them once every series of the block checked in and one
    /// optimizer step on their windows, in series order, was applied: the version to predict the block with.
    /// </summary>
    Task<ModelVersion> StepReplay(ReplayBlock block, TrainingWindow? window);

    /// <summary>
    /// Subscribes a silo's observer to every new version (a training step anywhere, weights set by a client). The
    /// subscription lapses after <see cref="SubscriptionLifetime"/>: silos renew it well within that. Returns the
    /// current version number, so a silo that missed a push while unsubscribed knows to fetch it.
    /// </summary>
    Task<int> Subscribe(IModelObserver observer);

    /// <summary>Replaces the weights (e.g. fitted offline) as a new version and restarts the optimizer state.</summary>
    Task<ModelVersion> SetWeights(float[] weights);

    /// <summary>Version, steps, active silos and recent losses.</summary>
    Task<ModelStatus> Status();

    /// <summary>The report of the step that started from <paramref name="fromVersion"/>, if it is among the latest ones kept.</summary>
    Task<TrainingRound?> GetRound(int fromVersion);
}
