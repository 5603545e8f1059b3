using LstmActors.Grains.Hosting;
using LstmActors.Grains.Placement;
using Microsoft.Extensions.DependencyInjection;

namespace LstmActors.Grains.Monitoring;

/// <summary>Answers <see cref="ISiloTicksGrain"/> from the local silo's <see cref="SiloModels"/> and its web app's address; never moved by a rebalancer (it answers for its silo).</summary>
[PlacedOnKeySilo, Immovable]
internal sealed class SiloTicksGrain(SiloModels models, IServiceProvider services) : Grain, ISiloTicksGrain
{
    public Task<SiloTicks> GetTicks() => Task.FromResult(new SiloTicks(models.SiloId, models.Ticks(), services.GetService<SiloWebAddress>()?.Url));
}
