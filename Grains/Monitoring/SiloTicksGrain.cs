using LstmActors.Grains.Hosting;
using LstmActors.Grains.Placement;

namespace LstmActors.Grains.Monitoring;

/// <summary>Answers <see cref="ISiloTicksGrain"/> from the local silo's <see cref="SiloModels"/>; never moved by a rebalancer (it answers for its silo).</summary>
[PlacedOnKeySilo, Immovable]
internal sealed class SiloTicksGrain(SiloModels models) : Grain, ISiloTicksGrain
{
    public Task<SiloTicks> GetTicks() => Task.FromResult(new SiloTicks(models.SiloId, models.Ticks()));
}
