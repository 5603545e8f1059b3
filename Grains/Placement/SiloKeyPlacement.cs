namespace LstmActors.Grains.Placement;

/// <summary>Places a grain on the silo its key names (the silo address as <c>SiloAddress.ToParsableString</c> writes it): one grain per silo that answers for that silo.</summary>
[GenerateSerializer, Immutable, Alias("lstmactors.SiloKeyPlacement")]
public sealed class SiloKeyPlacement : PlacementStrategy
{
    /// <summary>The one instance.</summary>
    public static SiloKeyPlacement Instance { get; } = new();
}
