using System.Net;
using LstmActors.Runtime.Configuration;
using LstmActors.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;

namespace LstmActors.Runtime.Hosting;

/// <summary>External client configuration: gateways, membership table, options.</summary>
public static class ClientBuilderExtensions
{
    /// <summary>Configures one of the options classes (ClusterOptions, MessagingOptions, GatewayOptions).</summary>
    public static IClientBuilder Configure<TOptions>(this IClientBuilder builder, Action<TOptions> configure) where TOptions : class
    {
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Adds static gateway endpoints.</summary>
    public static IClientBuilder UseGateways(this IClientBuilder builder, params IPEndPoint[] gateways)
        => builder.Configure<GatewayOptions>(o => o.Gateways.AddRange(gateways));

    /// <summary>Finds gateways in <paramref name="table"/> (the active silos' gateway ports).</summary>
    public static IClientBuilder UseInMemoryClustering(this IClientBuilder builder, InMemoryMembershipTable table)
    {
        builder.Services.AddSingleton<IMembershipTable>(table);
        return builder;
    }

    /// <summary>Finds gateways in the membership table made by <paramref name="factory"/>.</summary>
    public static IClientBuilder UseMembershipTable(this IClientBuilder builder, Func<IServiceProvider, IMembershipTable> factory)
    {
        builder.Services.AddSingleton(factory);
        return builder;
    }
}
