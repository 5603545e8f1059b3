using LstmActors.Runtime.Silos;

namespace LstmActors.Runtime.Management;

/// <summary>Fans <see cref="IManagementGrain.GetSilos"/> out to every active silo's <see cref="ISiloStatusGrain"/>.</summary>
internal sealed class ManagementGrain(ILocalSiloStatus local) : Grain, IManagementGrain
{
    public async Task<IReadOnlyList<SiloStatusReport>> GetSilos()
    {
        var reports = await Task.WhenAll(local.ActiveSilos.Select(s => GrainFactory.GetGrain<ISiloStatusGrain>(s.ToString()).GetStatus()));
        return reports.OrderBy(r => r.Silo, StringComparer.Ordinal).ToArray();
    }
}
