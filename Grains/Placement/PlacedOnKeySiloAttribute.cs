using Orleans.Placement;

namespace LstmActors.Grains.Placement;

/// <summary>Marks a grain class as placed by <see cref="SiloKeyPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class PlacedOnKeySiloAttribute() : PlacementAttribute(SiloKeyPlacement.Instance);
