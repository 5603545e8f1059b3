using Microsoft.Extensions.DependencyInjection;

namespace LstmActors.Runtime.Hosting;

/// <summary>Configures a silo's services and options (Orleans' ISiloBuilder).</summary>
public interface ISiloBuilder
{
    /// <summary>The host's service collection.</summary>
    IServiceCollection Services { get; }
}

/// <summary>Configures an external cluster client (Orleans' IClientBuilder).</summary>
public interface IClientBuilder
{
    /// <summary>The host's service collection.</summary>
    IServiceCollection Services { get; }
}

internal sealed record SiloBuilder(IServiceCollection Services) : ISiloBuilder;

internal sealed record ClientBuilder(IServiceCollection Services) : IClientBuilder;
