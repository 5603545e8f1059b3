using Orleans.Runtime.Placement;

namespace LstmActors.Grains.Placement;

/// <summary>Activates a <see cref="SiloKeyPlacement"/> grain on the silo its key names, and refuses a key naming no live silo.</summary>
internal sealed class SiloKeyPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString()!;
        SiloAddress silo;
        try
        {
            silo = SiloAddress.FromParsableString(key);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IndexOutOfRangeException)
        {
            throw new ArgumentException($"Grain key '{key}' is not a silo address (host:port@generation).", e);
        }
        if (!context.GetCompatibleSilos(target).Contains(silo))
            throw new ArgumentException($"Silo {key} is not an active silo of this cluster.");
        return Task.FromResult(silo);
    }
}
