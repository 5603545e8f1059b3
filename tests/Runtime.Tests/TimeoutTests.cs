using LstmActors.Runtime.Configuration;
using LstmActors.Runtime.Hosting;
using LstmActors.Runtime.Persistence;
using LstmActors.Runtime.Testing;
using Runtime.Tests.Grains;
using Runtime.Tests.Infrastructure;

namespace Runtime.Tests;

public sealed class TimeoutTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
        => _cluster = await ClusterFixture.StartAsync(new InMemoryGrainStorage(), new LogCapture(), options =>
        {
            options.ResponseTimeout = TimeSpan.FromMilliseconds(500);
            var configure = options.ConfigureSilo!;
            // The hung turns never end: do not let them hold up the graceful stop for long.
            options.ConfigureSilo = silo => configure(silo.Configure<GrainCollectionOptions>(o => o.DeactivationTimeout = TimeSpan.FromMilliseconds(200)));
        });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Call_that_never_completes_times_out_for_external_and_hosted_callers()
    {
        var fromClient = _cluster.Client.GetGrain<IBehaviourGrain>("hang-client").Hang();
        var e = await Assert.ThrowsAsync<TimeoutException>(() => fromClient.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("IBehaviourGrain.Hang", e.Message);

        foreach (var silo in _cluster.Silos)
        {
            var hosted = silo.GrainFactory.GetGrain<IBehaviourGrain>($"hang-{silo.Name}").Hang();
            await Assert.ThrowsAsync<TimeoutException>(() => hosted.WaitAsync(TimeSpan.FromSeconds(20)));
        }
    }
}
