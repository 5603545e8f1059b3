namespace LstmActors.Runtime.Configuration;

/// <summary>Idle collection of activations (Orleans' GrainCollectionOptions).</summary>
public sealed class GrainCollectionOptions
{
    /// <summary>An activation idle this long is deactivated (Orleans' default: 15 minutes).</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the silo looks for idle activations.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest wait for OnDeactivateAsync before the activation is dropped anyway.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
