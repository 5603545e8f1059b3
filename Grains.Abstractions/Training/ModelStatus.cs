using LstmActors.Grains.Models;

namespace LstmActors.Grains.Training;

/// <summary>Where a model stands: definition, version, training progress and recent losses.</summary>
/// <param name="Definition">The model's definition.</param>
/// <param name="Version">Current weights version.</param>
/// <param name="Steps">Optimizer steps taken.</param>
/// <param name="DroppedContributions">Contributions dropped as stale.</param>
/// <param name="ActiveSilos">Silos a synchronous round waits for.</param>
/// <param name="RecentLosses">The latest entries of the loss history (up to 100).</param>
[GenerateSerializer, Alias("lstmactors.ModelStatus")]
public sealed record ModelStatus(ModelDefinition Definition, int Version, long Steps, long DroppedContributions, List<string> ActiveSilos, List<LossPoint> RecentLosses);
