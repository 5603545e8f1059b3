using System.Net;
using System.Net.Http.Json;
using LstmActors.Cluster.Tests.Postgres;
using LstmActors.Cluster.Tests.Processes;
using LstmActors.Silo.Health;

namespace LstmActors.Cluster.Tests.Health;

/// <summary>The health endpoint of real silo processes: liveness, readiness and the membership each silo reads and the view it holds.</summary>
public sealed class SiloHealthEndpointTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    [PostgresFact]
    public async Task EachSiloIsLiveAndReadyAndShowsEveryMemberAndAGracefullyStoppedPeerAsDead()
    {
        await using var cluster = await TestSiloCluster.StartAsync(silos: 2);
        var addresses = cluster.Silos.Select(TestSiloCluster.AddressOf).ToHashSet();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        await cluster.WaitForAgreedViewAsync(Bound);

        foreach (var silo in cluster.Silos)
        {
            var url = TestSiloCluster.HealthUrlOf(silo);
            var live = await http.GetAsync(new Uri(url, "/health/live"));
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal("live\n", await live.Content.ReadAsStringAsync());

            var ready = await http.GetAsync(new Uri(url, "/health/ready"));
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            var report = (await ready.Content.ReadFromJsonAsync<SiloHealthReport>())!;
            Assert.True(report.Ready);
            Assert.Equal(TestSiloCluster.AddressOf(silo), report.Silo);
            Assert.Equal("Active", report.Status);
            Assert.Equal(addresses, report.Silos.Where(m => m.Status == "Active").Select(m => m.Silo).ToHashSet());
            Assert.NotNull(report.HeldView);
            Assert.Equal(addresses, report.HeldView.Silos.ToHashSet());
            Assert.InRange(report.HeldView.Version, 1, report.TableVersion);
            Assert.NotNull(report.Activations);
        }

        var stopped = cluster.Silos[1];
        var stoppedUrl = TestSiloCluster.HealthUrlOf(stopped);
        Assert.Equal(0, await stopped.TerminateAsync(Bound));
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(stoppedUrl, "/health/live")));

        var survivor = (await http.GetFromJsonAsync<SiloHealthReport>(new Uri(TestSiloCluster.HealthUrlOf(cluster.Silos[0]), "/health")))!;
        Assert.True(survivor.Ready);
        Assert.Equal("Dead", survivor.Silos.Single(m => m.Silo == TestSiloCluster.AddressOf(stopped)).Status);
    }
}
