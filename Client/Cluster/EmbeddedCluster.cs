using System.Net;
using System.Net.Sockets;
using LstmActors.Grains.Hosting;
using LstmActors.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace LstmActors.Client.Cluster;

/// <summary>
/// Orleans silos started in this process, one host each, on free loopback ports (real sockets), with Orleans'
/// development membership (kept by the first silo) and memory grain storage: nothing outlives the command. A command on
/// one silo is its co-hosted client (<see cref="Client"/>); on several it reaches them through their gateways.
/// </summary>
internal sealed class EmbeddedCluster : IAsyncDisposable
{
    /// <summary>The cluster and service id of every embedded cluster.</summary>
    public const string ClusterId = "embedded";

    /// <summary>
    /// Ticks between state writes of a series, unless the command sets its own. The memory storage dies with this
    /// process, so a write on every call protects only against a series moving between the in-process silos, and a
    /// moving grain writes its state as it deactivates anyway. Each write serializes the series' whole state: every 64
    /// ticks that was 350 MB of buffers over the bench's million-tick replay, and 5–10% of its time.
    /// </summary>
    public const int PersistEveryTicks = 1024;

    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(60);
    private readonly List<IHost> _silos = [];
    private readonly List<string> _webUrls = [];

    private EmbeddedCluster(int[] gatewayPorts) => GatewayPorts = gatewayPorts;

    /// <summary>The first silo's own client (Orleans' co-hosted client): its calls to that silo's grains stay in the process, unserialized.</summary>
    public IClusterClient Client => _silos[0].Services.GetRequiredService<IClusterClient>();

    /// <summary>The loopback gateway port of each silo.</summary>
    public int[] GatewayPorts { get; }

    /// <summary>Each silo's web app (live page, dashboard, metrics) when started with one, e.g. <c>http://127.0.0.1:41234</c>; else empty.</summary>
    public IReadOnlyList<string> WebUrls => _webUrls;

    /// <summary>
    /// Starts <paramref name="silos"/> silos; returns once every silo sees all of them active. With <paramref name="web"/>
    /// each silo serves the web app, silo i on its port + i (or a free port for 0).
    /// </summary>
    public static async Task<EmbeddedCluster> StartAsync(int silos, Action<GrainsOptions>? configureGrains, WebOptions? web, CancellationToken cancellationToken)
    {
        // The web ports asked for are not free to take for Orleans: they are bound only as each silo starts.
        var webPorts = web is null || web.Port == 0 ? [] : Enumerable.Range(web.Port, silos).ToHashSet();
        var ports = FreeLoopbackPorts(2 * silos, webPorts);
        var primary = new IPEndPoint(IPAddress.Loopback, ports[0]);
        var cluster = new EmbeddedCluster(Enumerable.Range(0, silos).Select(i => ports[2 * i + 1]).ToArray());
        try
        {
            // The first silo keeps the membership table: it starts before the others.
            for (var i = 0; i < silos; i++)
            {
                var (siloPort, gatewayPort, name) = (ports[2 * i], ports[2 * i + 1], $"embedded-{i}");
                var siloWeb = web is null ? null : web with { Port = web.Port == 0 ? 0 : web.Port + i };
                IHostApplicationBuilder builder = siloWeb is null
                    ? new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = name })
                    : WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = name }).AddLstmActorsWeb(siloWeb);
                // The command's own output is the user interface; Orleans' logs would tear through the live view.
                builder.Logging.ClearProviders();
                builder.Services.AddSingleton<IHostLifetime, CommandHostLifetime>();
                builder.UseOrleans(silo =>
                {
                    silo.UseLocalhostClustering(siloPort, gatewayPort, primary, ClusterId, ClusterId);
                    silo.Configure<SiloOptions>(o => o.SiloName = name);
                    silo.AddMemoryGrainStorageAsDefault();
                    silo.AddLstmActorsGrains(grains =>
                    {
                        grains.PersistEveryTicks = PersistEveryTicks;
                        configureGrains?.Invoke(grains);
                    });
                    if (siloWeb is not null) silo.AddDashboard();
                });
                IHost host = builder is WebApplicationBuilder webBuilder ? webBuilder.Build().MapLstmActorsWeb(siloWeb!) : ((HostApplicationBuilder)builder).Build();
                try
                {
                    await host.StartAsync(cancellationToken);
                }
                catch
                {
                    // A host that did not start cannot be stopped (Orleans refuses): the started ones are, below, and the error stays this one.
                    host.Dispose();
                    throw;
                }
                cluster._silos.Add(host);
                if (host is WebApplication app) cluster._webUrls.Add(app.ListeningUrl());
            }
            await Task.WhenAll(cluster._silos.Select(s => WaitForActiveSilosAsync(s, silos, cancellationToken)));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until <paramref name="silo"/>'s membership view holds <paramref name="count"/> active silos.</summary>
    private static async Task WaitForActiveSilosAsync(IHost silo, int count, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(JoinTimeout);
        var membership = silo.Services.GetRequiredService<IClusterMembershipService>();
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(deadline.Token))
            {
                if (snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active) >= count) return;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the embedded silos did not all become active within {JoinTimeout.TotalSeconds:0} s");
        }
    }

    /// <summary>
    /// <paramref name="count"/> distinct loopback ports nobody listened on a moment ago and not in <paramref name="taken"/>
    /// (all bound at once, then released).
    /// </summary>
    private static int[] FreeLoopbackPorts(int count, IReadOnlySet<int> taken)
    {
        var listeners = new List<TcpListener>();
        try
        {
            var ports = new List<int>();
            while (ports.Count < count)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listeners.Add(listener);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (!taken.Contains(port)) ports.Add(port);
            }
            return ports.ToArray();
        }
        finally
        {
            foreach (var listener in listeners) listener.Stop();
        }
    }

    /// <summary>Stops every silo gracefully: the others together, then the one that keeps the membership table.</summary>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_silos.Skip(1).Select(StopAsync));
        if (_silos.Count > 0) await StopAsync(_silos[0]);
    }

    private static async Task StopAsync(IHost silo)
    {
        await silo.StopAsync();
        silo.Dispose();
    }
}
