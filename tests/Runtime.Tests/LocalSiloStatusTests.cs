using LstmActors.Runtime.Persistence;
using LstmActors.Runtime.Silos;
using Microsoft.Extensions.DependencyInjection;
using Runtime.Tests.Grains;
using Runtime.Tests.Infrastructure;

namespace Runtime.Tests;

public sealed class LocalSiloStatusTests
{
    [Fact]
    public async Task Each_silo_reports_its_activations_and_the_same_held_view()
    {
        await using var cluster = await ClusterFixture.StartAsync(new InMemoryGrainStorage(), new LogCapture());
        var keys = Enumerable.Range(0, 12).Select(i => $"status-{i}").ToArray();
        await Task.WhenAll(keys.Select(k => cluster.Client.GetGrain<IPingGrain>(k).Ping()));
        await cluster.Client.GetGrain<IIdentityGrain>("status-identity").GetKey();

        var statuses = cluster.Silos.Select(s => s.Services.GetRequiredService<ILocalSiloStatus>()).ToArray();
        Assert.Equal(2, statuses.Length);
        for (int i = 0; i < statuses.Length; i++)
        {
            Assert.True(statuses[i].IsRunning);
            Assert.Equal(cluster.Silos[i].SiloAddress, statuses[i].Address);
            Assert.Equal(cluster.Silos.Select(s => s.SiloAddress).OrderBy(a => a.ToString(), StringComparer.Ordinal), statuses[i].ActiveSilos);
        }
        Assert.Equal(statuses[0].ViewVersion, statuses[1].ViewVersion);
        Assert.True(statuses[0].ViewVersion > 0);

        var pingName = typeof(PingGrain).FullName!;
        var counts = statuses.Select(s => s.ActivationCounts()).ToArray();
        Assert.Equal(keys.Length, counts.Sum(c => c.GetValueOrDefault(pingName)));
        Assert.Equal(1, counts.Sum(c => c.GetValueOrDefault(typeof(IdentityGrain).FullName!)));
        for (int i = 0; i < statuses.Length; i++)
        {
            var here = keys.Count(k => cluster.Silos[i].Silo.Catalog.Find(k).Count == 1);
            Assert.Equal(here, counts[i].GetValueOrDefault(pingName));
        }
    }
}
