using System.Net;
using LstmActors.Runtime;
using LstmActors.Runtime.Configuration;
using LstmActors.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Runtime.Tests.Grains;

namespace Runtime.Tests;

public sealed class HostingTests
{
    [Fact]
    public async Task Silo_and_external_client_on_the_generic_host_talk_over_a_static_gateway()
    {
        var siloBuilder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        siloBuilder.UseLstmActors(silo => silo
            .ConfigureEndpoints(siloPort: 0, gatewayPort: 0)
            .AddMemoryGrainStorage()
            .AddGrain<CounterGrain>()
            .Configure<ClusterOptions>(o => o.ClusterId = "hosting-test"));
        using var siloHost = siloBuilder.Build();
        await siloHost.StartAsync();
        var gateway = siloHost.Services.GetRequiredService<LstmActors.Runtime.Silos.Silo>().GatewayEndpoint;

        var clientBuilder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        clientBuilder.UseLstmActorsClient(client => client
            .UseGateways(new IPEndPoint(IPAddress.Loopback, gateway.Port))
            .Configure<ClusterOptions>(o => o.ClusterId = "hosting-test"));
        using var clientHost = clientBuilder.Build();
        await clientHost.StartAsync();

        var fromClient = clientHost.Services.GetRequiredService<IClusterClient>().GetGrain<ICounterGrain>("hosted-counter");
        Assert.Equal(1, await fromClient.Increment());
        var hosted = siloHost.Services.GetRequiredService<IGrainFactory>().GetGrain<ICounterGrain>("hosted-counter");
        Assert.Equal(2, await hosted.Increment());
        Assert.Equal(2, await fromClient.Get());

        await clientHost.StopAsync();
        await siloHost.StopAsync();
    }

    [Fact]
    public async Task Client_of_another_cluster_is_refused()
    {
        var siloBuilder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        siloBuilder.UseLstmActors(silo => silo.ConfigureEndpoints(0, 0).AddMemoryGrainStorage().AddGrain<CounterGrain>()
            .Configure<ClusterOptions>(o => o.ClusterId = "right"));
        using var siloHost = siloBuilder.Build();
        await siloHost.StartAsync();
        var gateway = siloHost.Services.GetRequiredService<LstmActors.Runtime.Silos.Silo>().GatewayEndpoint;

        var clientBuilder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        clientBuilder.UseLstmActorsClient(client => client.UseGateways(gateway).Configure<ClusterOptions>(o => o.ClusterId = "wrong"));
        using var clientHost = clientBuilder.Build();
        await clientHost.StartAsync();

        var e = await Assert.ThrowsAsync<SiloUnavailableException>(() => clientHost.Services.GetRequiredService<IClusterClient>().GetGrain<ICounterGrain>("x").Get());
        Assert.Contains("closed", e.Message);
        await clientHost.StopAsync();
        await siloHost.StopAsync();
    }
}
