using LstmActors.Runtime.Client;
using LstmActors.Runtime.Configuration;
using LstmActors.Runtime.Management;
using LstmActors.Runtime.Membership;
using LstmActors.Runtime.Silos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace LstmActors.Runtime.Hosting;

/// <summary>Generic Host integration: a silo (Orleans' UseOrleans) or an external client (UseOrleansClient).</summary>
public static class HostingExtensions
{
    /// <summary>Runs a silo in this host; IGrainFactory and IClusterClient resolve to its hosted client.</summary>
    public static IHostApplicationBuilder UseLstmActors(this IHostApplicationBuilder builder, Action<ISiloBuilder> configure)
    {
        AddSilo(builder.Services, configure);
        return builder;
    }

    /// <summary>Runs a silo in this host; IGrainFactory and IClusterClient resolve to its hosted client.</summary>
    public static IHostBuilder UseLstmActors(this IHostBuilder builder, Action<ISiloBuilder> configure)
        => builder.ConfigureServices(services => AddSilo(services, configure));

    /// <summary>Runs an external cluster client in this host.</summary>
    public static IHostApplicationBuilder UseLstmActorsClient(this IHostApplicationBuilder builder, Action<IClientBuilder> configure)
    {
        AddClient(builder.Services, configure);
        return builder;
    }

    /// <summary>Runs an external cluster client in this host.</summary>
    public static IHostBuilder UseLstmActorsClient(this IHostBuilder builder, Action<IClientBuilder> configure)
        => builder.ConfigureServices(services => AddClient(services, configure));

    private static void AddSilo(IServiceCollection services, Action<ISiloBuilder> configure)
    {
        if (services.Any(d => d.ServiceType == typeof(Silo)))
            throw new InvalidOperationException("UseLstmActors was called twice on the same host.");
        services.AddOptions();
        services.AddLogging();
        configure(new SiloBuilder(services));
        services.Configure<GrainTypeOptions>(o => o.Classes.UnionWith([typeof(ManagementGrain), typeof(SiloStatusGrain)]));
        // Without a configured table the silo forms a single-silo cluster of its own.
        services.TryAddSingleton<IMembershipTable>(_ => new InMemoryMembershipTable());
        services.AddSingleton<Silo>();
        services.AddSingleton<ILocalSiloStatus>(sp => new LocalSiloStatus(sp.GetRequiredService<Silo>()));
        services.AddSingleton<IClusterClient>(sp => sp.GetRequiredService<Silo>().GrainFactory);
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<Silo>().GrainFactory);
        services.AddHostedService<SiloHostedService>();
    }

    private static void AddClient(IServiceCollection services, Action<IClientBuilder> configure)
    {
        services.AddOptions();
        services.AddLogging();
        configure(new ClientBuilder(services));
        services.AddSingleton<ClusterClient>();
        services.AddSingleton<IClusterClient>(sp => sp.GetRequiredService<ClusterClient>());
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<ClusterClient>());
        services.AddHostedService<ClientHostedService>();
    }

    private sealed class SiloHostedService(Silo silo) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => silo.StartAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => silo.StopAsync(cancellationToken);
    }

    private sealed class ClientHostedService(ClusterClient client) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => client.StartAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => client.DisposeAsync().AsTask();
    }
}
