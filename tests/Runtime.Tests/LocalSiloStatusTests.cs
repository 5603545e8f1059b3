using LstmActors.Runtime;
using LstmActors.Runtime.Management;
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

    [Fact]
    public async Task Management_grain_asks_every_silo_and_each_silo_answers_for_itself()
    {
        await using var cluster = await ClusterFixture.StartAsync(new InMemoryGrainStorage(), new LogCapture());
        var keys = Enumerable.Range(0, 12).Select(i => $"managed-{i}").ToArray();
        await Task.WhenAll(keys.Select(k => cluster.Client.GetGrain<IPingGrain>(k).Ping()));

        var reports = await cluster.Client.GetGrain<IManagementGrain>(IManagementGrain.Key).GetSilos();

        var addresses = cluster.Silos.Select(s => s.SiloAddress.ToString()).OrderBy(a => a, StringComparer.Ordinal).ToArray();
        Assert.Equal(addresses, reports.Select(r => r.Silo));
        var pingName = typeof(PingGrain).FullName!;
        foreach (var report in reports)
        {
            var silo = cluster.Silos.Single(s => s.SiloAddress.ToString() == report.Silo);
            Assert.True(report.IsRunning);
            Assert.Equal(addresses, report.ActiveSilos);
            Assert.Equal(keys.Count(k => silo.Silo.Catalog.Find(k).Count == 1), report.Activations.GetValueOrDefault(pingName));
            Assert.Equal(1, report.Activations.GetValueOrDefault(typeof(SiloStatusGrain).FullName!));
            Assert.Single(silo.Silo.Catalog.Find(report.Silo));
        }
        Assert.Equal(keys.Length, reports.Sum(r => r.Activations.GetValueOrDefault(pingName)));
    }

    [Fact]
    public async Task Silo_status_grain_keyed_by_an_unknown_silo_fails_naming_it()
    {
        await using var cluster = await ClusterFixture.StartAsync(new InMemoryGrainStorage(), new LogCapture(), o => o.InitialSilosCount = 1);
        var e = await Assert.ThrowsAsync<SiloUnavailableException>(() => cluster.Silos[0].GrainFactory.GetGrain<ISiloStatusGrain>("10.9.9.9:1@1").GetStatus());
        Assert.Contains("10.9.9.9:1@1", e.Message);
    }
}
