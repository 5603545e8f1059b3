using LstmActors.Runtime.Client;
using LstmActors.Runtime.Configuration;
using LstmActors.Runtime.Hosting;
using LstmActors.Runtime.Membership;
using LstmActors.Runtime.Silos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LstmActors.Runtime.Testing;

/// <summary>
/// N silos in this process on loopback ports (real sockets) sharing an in-memory membership table, plus an
/// external client (Orleans' TestCluster): start, stop (graceful), kill (abrupt) and restart silos.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly TestClusterOptions _options;
    private readonly List<SiloHandle> _silos = [];
    private readonly Lock _lock = new();
    private IHost? _clientHost;
    private int _siloCount;

    private TestCluster(TestClusterOptions options) => _options = options;

    /// <summary>The shared membership table.</summary>
    public InMemoryMembershipTable MembershipTable { get; } = new();

    /// <summary>Silos that are running.</summary>
    public IReadOnlyList<SiloHandle> Silos
    {
        get
        {
            lock (_lock) return _silos.Where(s => s.IsActive).ToArray();
        }
    }

    /// <summary>The external client (connected through the silos' gateways).</summary>
    public IClusterClient Client => _clientHost?.Services.GetRequiredService<IClusterClient>() ?? throw new InvalidOperationException("The cluster has not started.");

    /// <summary>The external client's grain factory.</summary>
    public IGrainFactory GrainFactory => Client;

    internal ClusterClient ClientRuntime => _clientHost!.Services.GetRequiredService<ClusterClient>();

    /// <summary>Starts the initial silos and the client; waits until every silo sees every other.</summary>
    public static async Task<TestCluster> StartAsync(Action<TestClusterOptions>? configure = null)
    {
        var options = new TestClusterOptions();
        configure?.Invoke(options);
        if (options.InitialSilosCount < 1) throw new ArgumentOutOfRangeException(nameof(configure), $"InitialSilosCount must be at least 1, got {options.InitialSilosCount}.");
        var cluster = new TestCluster(options);
        try
        {
            for (int i = 0; i < options.InitialSilosCount; i++) await cluster.StartSiloAsync(0, 0);
            await cluster.WaitForLivenessToStabilizeAsync();
            await cluster.StartClientAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task StartClientAsync()
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        ConfigureLogging(builder);
        builder.UseLstmActorsClient(client =>
        {
            client.UseInMemoryClustering(MembershipTable);
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = _options.ClusterId;
                o.Secret = _options.ClusterSecret;
            });
            client.Configure<MessagingOptions>(o => o.ResponseTimeout = _options.ResponseTimeout);
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = _options.IAmAlivePeriod);
            _options.ConfigureClient?.Invoke(client);
        });
        _clientHost = builder.Build();
        await _clientHost.StartAsync();
    }

    private void ConfigureLogging(HostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        _options.ConfigureLogging?.Invoke(builder.Logging);
    }

    private async Task<SiloHandle> StartSiloAsync(int siloPort, int gatewayPort, Action<ISiloBuilder>? configure = null)
    {
        string name = $"silo-{Interlocked.Increment(ref _siloCount) - 1}";
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = name });
        ConfigureLogging(builder);
        builder.UseLstmActors(silo =>
        {
            silo.UseInMemoryClustering(MembershipTable);
            silo.ConfigureEndpoints(siloPort, gatewayPort);
            silo.Configure<SiloOptions>(o => o.SiloName = name);
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = _options.ClusterId;
                o.Secret = _options.ClusterSecret;
            });
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.IAmAliveTablePublishTimeout = _options.IAmAlivePeriod;
                o.NumMissedTableIAmAliveLimit = _options.NumMissedIAmAliveLimit;
                o.ProbeTimeout = _options.ProbeTimeout;
                o.NumMissedProbesLimit = _options.NumMissedProbesLimit;
            });
            silo.Configure<MessagingOptions>(o => o.ResponseTimeout = _options.ResponseTimeout);
            _options.ConfigureSilo?.Invoke(silo);
            configure?.Invoke(silo);
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }
        var handle = new SiloHandle(name, host, host.Services.GetRequiredService<Silo>());
        lock (_lock) _silos.Add(handle);
        return handle;
    }

    /// <summary>Starts one more silo on free ports and waits until the cluster agrees on the view.</summary>
    public async Task<SiloHandle> StartAdditionalSiloAsync()
    {
        var silo = await StartSiloAsync(0, 0);
        await WaitForLivenessToStabilizeAsync();
        return silo;
    }

    /// <summary>
    /// Starts one more silo on free ports with extra configuration applied last (e.g. another cluster secret);
    /// waits for the cluster to agree on the view only when <paramref name="waitForLiveness"/>.
    /// </summary>
    public async Task<SiloHandle> StartAdditionalSiloAsync(Action<ISiloBuilder> configure, bool waitForLiveness = true)
    {
        var silo = await StartSiloAsync(0, 0, configure);
        if (waitForLiveness) await WaitForLivenessToStabilizeAsync();
        return silo;
    }

    /// <summary>Stops a silo gracefully: its activations deactivate (OnDeactivateAsync runs) and it leaves the table.</summary>
    public async Task StopSiloAsync(SiloHandle silo)
    {
        await silo.Host.StopAsync();
        silo.Host.Dispose();
    }

    /// <summary>Kills a silo: sockets reset, no goodbye, heartbeats stop, no deactivation; the others must detect it.</summary>
    public Task KillSiloAsync(SiloHandle silo)
    {
        silo.Silo.Kill();
        silo.Host.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Stops a silo gracefully and starts a new incarnation on the same ports.</summary>
    public async Task<SiloHandle> RestartSiloAsync(SiloHandle silo)
    {
        var siloPort = silo.SiloEndpoint.Port;
        var gatewayPort = silo.GatewayEndpoint.Port;
        await StopSiloAsync(silo);
        var restarted = await StartSiloAsync(siloPort, gatewayPort);
        await WaitForLivenessToStabilizeAsync();
        return restarted;
    }

    /// <summary>
    /// Waits (no fixed sleeps: woken by view changes) until every running silo's view is exactly the set of running
    /// silos, then refreshes the client's gateway list; throws <see cref="TimeoutException"/> after <paramref name="timeout"/> (default 30 s).
    /// </summary>
    public async Task WaitForLivenessToStabilizeAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        using var deadline = new CancellationTokenSource(limit);
        while (true)
        {
            var running = Silos;
            var expected = running.Select(s => s.SiloAddress).OrderBy(a => a.ToString(), StringComparer.Ordinal).ToArray();
            // Woken by any view change or any silo going down (a silo can stop itself when declared dead).
            var changes = running.Select(s => s.Silo.Membership.NextViewChange).Concat(running.Select(s => s.Silo.Stopped)).ToArray();
            var disagreeing = running.Where(s => !s.Silo.Membership.View.Silos.SequenceEqual(expected)).ToArray();
            if (disagreeing.Length == 0) break;
            try
            {
                await Task.WhenAny(changes).WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Membership did not stabilize within {limit}: expected [{string.Join(", ", expected.Select(a => a.ToString()))}], "
                    + string.Join("; ", disagreeing.Select(s => $"{s.Name} sees {s.Silo.Membership.View}")));
            }
        }
        if (_clientHost is not null) await ClientRuntime.RefreshGatewaysAsync(CancellationToken.None);
    }

    /// <summary>Stops the client and every running silo gracefully.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_clientHost is not null)
        {
            await _clientHost.StopAsync();
            _clientHost.Dispose();
        }
        await Task.WhenAll(Silos.Select(StopSiloAsync));
    }
}
