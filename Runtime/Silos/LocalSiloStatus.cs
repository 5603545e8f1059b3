using LstmActors.Runtime.Activation;
using LstmActors.Runtime.Membership;

namespace LstmActors.Runtime.Silos;

/// <summary>Reads <see cref="ILocalSiloStatus"/> straight from the silo's own state.</summary>
internal sealed class LocalSiloStatus(Silo silo) : ILocalSiloStatus
{
    public SiloAddress Address => silo.Self ?? throw new InvalidOperationException("The silo has not started: it has no address yet.");

    public bool IsRunning => silo.IsRunning;

    public IReadOnlyList<SiloAddress> ActiveSilos => silo.Membership?.View.Silos ?? [];

    public int ViewVersion => silo.Membership?.View.Version ?? 0;

    public IReadOnlyDictionary<string, int> ActivationCounts()
        => silo.Catalog.All()
            .Where(a => a.State != ActivationState.Invalid)
            .GroupBy(a => a.Class.TypeName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
