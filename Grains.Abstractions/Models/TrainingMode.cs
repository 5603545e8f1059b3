namespace LstmActors.Grains.Models;

/// <summary>How a model grain combines the gradients silos send it.</summary>
[GenerateSerializer, Alias("lstmactors.TrainingMode")]
public enum TrainingMode
{
    /// <summary>No online training: the weights stay at their current version.</summary>
    Off,

    /// <summary>Rounds: every active silo's gradient for the current version (or a deadline), then one optimizer step on the sum.</summary>
    Synchronous,

    /// <summary>Each contribution is applied as it arrives; stale ones are down-weighted, too stale ones dropped.</summary>
    Asynchronous,
}
