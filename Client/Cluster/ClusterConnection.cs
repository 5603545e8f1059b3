using System.Net;
using System.Net.Sockets;
using LstmActors.Grains.Hosting;
using LstmActors.Runtime;
using LstmActors.Runtime.Configuration;
using LstmActors.Runtime.Hosting;
using LstmActors.Runtime.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LstmActors.Client.Cluster;

/// <summary>A command's connection to its cluster: the client, and the embedded silos if it started them.</summary>
public sealed class ClusterConnection : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    private readonly IHost? _clientHost;
    private readonly EmbeddedCluster? _embedded;

    private ClusterConnection(ClusterTarget target, IHost? clientHost, EmbeddedCluster? embedded)
    {
        Target = target;
        _clientHost = clientHost;
        _embedded = embedded;
    }

    /// <summary>What this connection reaches.</summary>
    public ClusterTarget Target { get; }

    /// <summary>The grain factory of the cluster client.</summary>
    public IClusterClient Client => _embedded?.Client ?? _clientHost!.Services.GetRequiredService<IClusterClient>();

    /// <summary>Connects to <paramref name="target"/> (starting it when embedded); an unreachable gateway throws <see cref="ClusterUnreachableException"/>.</summary>
    public static async Task<ClusterConnection> OpenAsync(ClusterTarget target, CancellationToken cancellationToken, Action<GrainsOptions>? configureEmbeddedGrains = null)
    {
        if (target.IsEmbedded)
            return new ClusterConnection(target, null, await EmbeddedCluster.StartAsync(target.EmbeddedSilos, configureEmbeddedGrains, cancellationToken));

        await ProbeAsync(target.Gateways, cancellationToken);
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseLstmActorsClient(client =>
        {
            client.UseGateways(target.Gateways.ToArray());
            client.Configure<ClusterOptions>(o => o.ClusterId = target.ClusterId);
            client.Configure<MessagingOptions>(o => o.ConnectTimeout = ConnectTimeout);
            UseSecret(client, target);
            if (target.Tls is { } tls)
                client.UseTls(o =>
                {
                    o.CertificateAuthorityPath = tls.CaFile;
                    o.PinnedThumbprints.AddRange(tls.Pins);
                    o.ExpectedHostName = tls.ExpectedHost;
                });
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (TlsConfigurationException e)
        {
            host.Dispose();
            throw new InputException($"{(e.Setting == "CertificateAuthorityPath" ? "--tls-ca" : "--tls-pin")}: {e.Message}");
        }
        return new ClusterConnection(target, host, null);
    }

    // The runtime reads and checks the secret; a missing or unusable one is the user's input to fix.
    private static void UseSecret(IClientBuilder client, ClusterTarget target)
    {
        try
        {
            if (target.SecretFile is { } file) client.UseClusterSecretFile(file);
            else if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ClusterTarget.SecretVariable))) client.UseClusterSecretFromEnvironment(ClusterTarget.SecretVariable);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            throw new InputException($"--secret-file: {e.Message}");
        }
    }

    // The client connects lazily at its first call; dialling first turns "nobody there" into one clear message.
    private static async Task ProbeAsync(IReadOnlyList<IPEndPoint> gateways, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        foreach (var gateway in gateways)
        {
            using var socket = new Socket(gateway.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ConnectTimeout);
            try
            {
                await socket.ConnectAsync(gateway, timeout.Token);
                return;
            }
            catch (SocketException e)
            {
                failures.Add($"{gateway} ({e.SocketErrorCode})");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failures.Add($"{gateway} (no answer within {ConnectTimeout.TotalSeconds:0} s)");
            }
        }
        throw new ClusterUnreachableException($"cannot reach the cluster: gateway {string.Join(", ", failures)}");
    }

    /// <summary>Closes the client and stops embedded silos.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_clientHost is not null)
        {
            await _clientHost.StopAsync();
            _clientHost.Dispose();
        }
        if (_embedded is not null) await _embedded.DisposeAsync();
    }
}
