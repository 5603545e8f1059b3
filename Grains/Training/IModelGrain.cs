using LstmActors.Grains.Models;
using LstmActors.Runtime;

namespace LstmActors.Grains.Training;

/// <summary>
/// A model (key: the model name): owns the shared weights, the optimizer state and the version; combines the gradients
/// silos send into optimizer steps (synchronous rounds or asynchronous with a staleness bound); checkpoints to grain
/// storage. The built-in models ("stocks", "tanks") exist without being defined.
/// </summary>
public interface IModelGrain : IGrainWithStringKey
{
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
    /// Long poll of a silo for new weights: answers at once with the current version if it is newer than
    /// <paramref name="knownVersion"/>, else when the next version is published, or null after <paramref name="maxWait"/>.
    /// </summary>
    Task<ModelVersion?> WaitForVersion(int knownVersion, TimeSpan maxWait);

    /// <summary>Replaces the weights (e.g. fitted offline) as a new version and restarts the optimizer state.</summary>
    Task<ModelVersion> SetWeights(float[] weights);

    /// <summary>Version, steps, active silos and recent losses.</summary>
    Task<ModelStatus> Status();

    /// <summary>The report of the step that started from <paramref name="fromVersion"/>, if it is among the latest ones kept.</summary>
    Task<TrainingRound?> GetRound(int fromVersion);
}
