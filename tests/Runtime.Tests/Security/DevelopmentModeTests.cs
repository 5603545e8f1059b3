using System.Security.Cryptography;
using LstmActors.Runtime;
using LstmActors.Runtime.Configuration;
using LstmActors.Runtime.Hosting;
using LstmActors.Runtime.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Runtime.Tests.Grains;
using Runtime.Tests.Infrastructure;

namespace Runtime.Tests.Security;

public sealed class DevelopmentModeTests
{
    [Fact]
    public async Task Cluster_without_a_secret_works_warns_and_refuses_a_client_that_has_one()
    {
        var logs = new LogCapture();
        await using var cluster = await ClusterFixture.StartAsync(new InMemoryGrainStorage(), logs, options => options.ClusterSecret = null);

        Assert.Equal(3, await cluster.Client.GetGrain<IBehaviourGrain>("dev").Add(1, 2).AsTask());
        Assert.True(logs.Count("DEVELOPMENT MODE") >= 2, "every silo warns about development mode");

        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseLstmActorsClient(client => client.UseGateways(cluster.Silos[0].GatewayEndpoint)
            .Configure<ClusterOptions>(o => o.ClusterId = cluster.Silos[0].Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ClusterOptions>>().Value.ClusterId)
            .UseClusterSecret(RandomNumberGenerator.GetBytes(32)));
        using var host = builder.Build();
        await host.StartAsync();
        await Assert.ThrowsAsync<SiloUnavailableException>(() => host.Services.GetRequiredService<IClusterClient>().GetGrain<IBehaviourGrain>("dev").Add(1, 2).AsTask());
    }
}
