using LstmActors.Runtime.Silos;

namespace LstmActors.Runtime.Management;

/// <summary>Answers <see cref="ISiloStatusGrain"/> from the local silo's <see cref="ILocalSiloStatus"/>.</summary>
[PlacedOnKeySilo]
internal sealed class SiloStatusGrain(ILocalSiloStatus local) : Grain, ISiloStatusGrain
{
    public Task<SiloStatusReport> GetStatus() => Task.FromResult(new SiloStatusReport(
        local.Address.ToString(), local.IsRunning, local.ViewVersion,
        local.ActiveSilos.Select(s => s.ToString()).ToArray(), local.ActivationCounts()));
}
