using LstmActors.Grains.Hosting;
using LstmActors.Runtime;
using LstmActors.Runtime.Silos;

namespace LstmActors.Grains.Monitoring;

/// <summary>Answers <see cref="ISiloTicksGrain"/> from the local silo's <see cref="SiloModels"/>.</summary>
[PlacedOnKeySilo]
internal sealed class SiloTicksGrain(SiloModels models, ILocalSiloStatus local) : Grain, ISiloTicksGrain
{
    public Task<SiloTicks> GetTicks() => Task.FromResult(new SiloTicks(local.Address.ToString(), models.Ticks()));
}
