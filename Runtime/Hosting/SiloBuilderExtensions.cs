using System.Net;
using System.Reflection;
using LstmActors.Runtime.Configuration;
using LstmActors.Runtime.Invocation;
using LstmActors.Runtime.Membership;
using LstmActors.Runtime.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace LstmActors.Runtime.Hosting;

/// <summary>Silo configuration: grain classes, endpoints, membership table, grain storage, options.</summary>
public static class SiloBuilderExtensions
{
    /// <summary>Configures one of the options classes (EndpointOptions, MessagingOptions, GrainCollectionOptions, ...).</summary>
    public static ISiloBuilder Configure<TOptions>(this ISiloBuilder builder, Action<TOptions> configure) where TOptions : class
    {
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Sets the silo and gateway ports (0 picks free ports) and optionally the advertised address.</summary>
    public static ISiloBuilder ConfigureEndpoints(this ISiloBuilder builder, int siloPort, int gatewayPort, IPAddress? advertisedAddress = null)
        => builder.Configure<EndpointOptions>(o =>
        {
            o.SiloPort = siloPort;
            o.GatewayPort = gatewayPort;
            if (advertisedAddress is not null) o.AdvertisedIPAddress = advertisedAddress;
        });

    /// <summary>Hosts the grain class <typeparamref name="TGrain"/>.</summary>
    public static ISiloBuilder AddGrain<TGrain>(this ISiloBuilder builder) where TGrain : Grain
        => builder.Configure<GrainTypeOptions>(o => o.Classes.Add(typeof(TGrain)));

    /// <summary>Hosts every concrete grain class of <paramref name="assembly"/> that implements a grain interface.</summary>
    public static ISiloBuilder AddGrainAssembly(this ISiloBuilder builder, Assembly assembly)
        => builder.Configure<GrainTypeOptions>(o =>
        {
            foreach (var type in assembly.GetTypes().Where(t => typeof(Grain).IsAssignableFrom(t) && !t.IsAbstract && !t.IsGenericTypeDefinition
                         && GrainInterfaceCatalog.GrainInterfacesOf(t).Any()))
                o.Classes.Add(type);
        });

    /// <summary>Uses <paramref name="table"/> for membership (share one instance among the silos of one process).</summary>
    public static ISiloBuilder UseInMemoryClustering(this ISiloBuilder builder, InMemoryMembershipTable table)
    {
        builder.Services.AddSingleton<IMembershipTable>(table);
        return builder;
    }

    /// <summary>Uses a membership table made by <paramref name="factory"/> (SQLite, PostgreSQL, ...).</summary>
    public static ISiloBuilder UseMembershipTable(this ISiloBuilder builder, Func<IServiceProvider, IMembershipTable> factory)
    {
        builder.Services.AddSingleton(factory);
        return builder;
    }

    /// <summary>Adds an in-memory grain storage provider named <paramref name="name"/>.</summary>
    public static ISiloBuilder AddMemoryGrainStorage(this ISiloBuilder builder, string name = GrainStorageRegistration.DefaultName)
        => builder.AddGrainStorage(name, _ => new InMemoryGrainStorage());

    /// <summary>Adds a grain storage provider named <paramref name="name"/>, created once at start-up.</summary>
    public static ISiloBuilder AddGrainStorage(this ISiloBuilder builder, string name, Func<IServiceProvider, IGrainStorage> factory)
    {
        GrainStorageCatalog.Register(builder.Services, name, factory);
        return builder;
    }
}
