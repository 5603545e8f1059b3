using System.Security.Cryptography;
using LstmActors.Grains.Hosting;
using LstmActors.Runtime;
using LstmActors.Runtime.Configuration;
using LstmActors.Runtime.Hosting;
using LstmActors.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LstmActors.Client.Cluster;

/// <summary>
/// Silos started in this process on free loopback ports (real sockets) sharing an in-memory membership table and grain
/// storage; the client reaches them through their gateways like any external client.
/// </summary>
internal sealed class EmbeddedCluster : IAsyncDisposable
{
    private const string ClusterId = "embedded";
    private readonly List<IHost> _silos = [];
    private IHost? _clientHost;

    private EmbeddedCluster()
    {
    }

    /// <summary>The external client.</summary>
    public IClusterClient Client => _clientHost?.Services.GetRequiredService<IClusterClient>() ?? throw new InvalidOperationException("The embedded cluster has not started.");

    /// <summary>Starts <paramref name="silos"/> silos and a client; returns once every silo is active in the table.</summary>
    public static async Task<EmbeddedCluster> StartAsync(int silos, Action<GrainsOptions>? configureGrains, CancellationToken cancellationToken)
    {
        var cluster = new EmbeddedCluster();
        var table = new InMemoryMembershipTable();
        // One storage for all silos, so a series that moves between them resumes from its saved carry.
        var storage = new LstmActors.Runtime.Persistence.InMemoryGrainStorage();
        // Loopback only, but authenticated all the same: a secret of its own that nothing outside this process knows.
        var secret = RandomNumberGenerator.GetBytes(32);
        try
        {
            for (var i = 0; i < silos; i++)
            {
                var name = $"embedded-{i}";
                var builder = Quiet(new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = name }));
                builder.UseLstmActors(silo =>
                {
                    silo.UseInMemoryClustering(table);
                    silo.ConfigureEndpoints(0, 0);
                    silo.Configure<SiloOptions>(o => o.SiloName = name);
                    silo.Configure<ClusterOptions>(o => o.ClusterId = ClusterId);
                    silo.Configure<ClusterMembershipOptions>(o => o.IAmAliveTablePublishTimeout = TimeSpan.FromMilliseconds(250));
                    silo.AddGrainStorage(LstmActors.Runtime.Persistence.GrainStorageRegistration.DefaultName, _ => storage);
                    silo.AddLstmActorsGrains(configureGrains);
                    silo.UseClusterSecret(secret);
                });
                var host = builder.Build();
                cluster._silos.Add(host);
                await host.StartAsync(cancellationToken);
            }
            await WaitForActiveSilosAsync(table, silos, cancellationToken);

            var client = Quiet(new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true }));
            client.UseLstmActorsClient(c =>
            {
                c.UseInMemoryClustering(table);
                c.Configure<ClusterOptions>(o => o.ClusterId = ClusterId);
                c.UseClusterSecret(secret);
            });
            cluster._clientHost = client.Build();
            await cluster._clientHost.StartAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private static HostApplicationBuilder Quiet(HostApplicationBuilder builder)
    {
        // The command's own output is the user interface; runtime logs would tear through the live view.
        builder.Logging.ClearProviders();
        return builder;
    }

    private static async Task WaitForActiveSilosAsync(InMemoryMembershipTable table, int silos, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while ((await table.ReadAllAsync(deadline.Token)).Rows.Count(r => r.Entry.Status == SiloStatus.Active) < silos)
            await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
    }

    /// <summary>Stops the client, then every silo gracefully.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_clientHost is not null)
        {
            await _clientHost.StopAsync();
            _clientHost.Dispose();
        }
        for (var i = _silos.Count - 1; i >= 0; i--)
        {
            await _silos[i].StopAsync();
            _silos[i].Dispose();
        }
    }
}
