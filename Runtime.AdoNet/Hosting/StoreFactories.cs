using LstmActors.Runtime.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LstmActors.Runtime.AdoNet.Hosting;

/// <summary>How the builder extensions turn a configure delegate into store options and find the cluster id.</summary>
internal static class StoreOptions
{
    /// <summary>New options with <paramref name="configure"/> applied.</summary>
    public static TOptions Configured<TOptions>(Action<TOptions> configure) where TOptions : new()
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new TOptions();
        configure(options);
        return options;
    }

    /// <summary>The cluster id of the silo or client being built (<see cref="ClusterOptions"/>).</summary>
    public static string ClusterId(IServiceProvider services) => services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId;
}
