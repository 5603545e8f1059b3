using LstmActors.Runtime;
using LstmActors.Runtime.Configuration;
using LstmActors.Runtime.Hosting;
using LstmActors.Runtime.Persistence;
using LstmActors.Runtime.Testing;
using Runtime.Tests.Grains;
using Runtime.Tests.Infrastructure;

namespace Runtime.Tests;

public sealed class LifecycleTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
        => _cluster = await ClusterFixture.StartAsync(new InMemoryGrainStorage(), new LogCapture(), options =>
        {
            options.InitialSilosCount = 1;
            var configure = options.ConfigureSilo!;
            options.ConfigureSilo = silo =>
            {
                configure(silo);
                silo.Configure<GrainCollectionOptions>(o =>
                {
                    o.CollectionAge = TimeSpan.FromMilliseconds(300);
                    o.CollectionQuantum = TimeSpan.FromMilliseconds(50);
                });
            };
        });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Idle_activation_is_collected_with_OnDeactivateAsync_and_comes_back_as_a_new_activation()
    {
        string key = $"idle-{Guid.NewGuid():N}";
        var grain = _cluster.Client.GetGrain<ILifecycleGrain>(key);
        string first = await grain.GetActivationId();

        var reason = await LifecycleGrain.DeactivatedAsync(key).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(DeactivationReasonCode.ActivationIdle, reason.ReasonCode);
        await Eventually.HoldsAsync(() => _cluster.Silos[0].Silo.Catalog.Find(key).Count == 0, "the collected activation is gone");

        Assert.NotEqual(first, await grain.GetActivationId());
    }

    [Fact]
    public async Task DeactivateOnIdle_deactivates_after_the_turn()
    {
        string key = $"deactivate-{Guid.NewGuid():N}";
        var grain = _cluster.Client.GetGrain<ILifecycleGrain>(key);
        string first = await grain.GetActivationId();
        await grain.Deactivate();
        var reason = await LifecycleGrain.DeactivatedAsync(key).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(DeactivationReasonCode.ApplicationRequested, reason.ReasonCode);
        Assert.NotEqual(first, await grain.GetActivationId());
    }

    [Fact]
    public async Task Timer_ticks_on_the_activation()
    {
        var grain = _cluster.Client.GetGrain<ILifecycleGrain>($"timer-{Guid.NewGuid():N}");
        Assert.True(await grain.WaitForTimerTicks(3) >= 3);
    }
}
