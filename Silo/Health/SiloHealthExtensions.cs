using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LstmActors.Silo.Health;

/// <summary>Adds the silo's HTTP health endpoint to its host.</summary>
public static class SiloHealthExtensions
{
    /// <summary>
    /// Serves <c>/health/live</c>, <c>/health/ready</c> and <c>/health</c> on <paramref name="address"/>:<paramref name="port"/>
    /// (0 picks a free port). Call after <c>UseOrleans</c>, so the endpoint starts once the silo has joined.
    /// </summary>
    public static IHostApplicationBuilder AddSiloHealthEndpoint(this IHostApplicationBuilder builder, IPAddress address, int port)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (port is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(port), port, "The health port must be 0-65535.");
        builder.Services.AddSingleton(new SiloHealthEndpointOptions(address, port));
        builder.Services.AddHostedService<SiloHealthEndpoint>();
        return builder;
    }
}
