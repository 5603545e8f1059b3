using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using LstmActors.Grains.Hosting;
using LstmActors.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace LstmActors.Client.Cluster;

/// <summary>A command's connection to its cluster: the Orleans client, and the embedded silos if it started them.</summary>
public sealed class ClusterConnection : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);
    private readonly IHost? _clientHost;
    private readonly EmbeddedCluster? _embedded;

    private ClusterConnection(ClusterTarget target, IClusterClient client, IHost? clientHost, EmbeddedCluster? embedded)
    {
        Target = target;
        Client = client;
        _clientHost = clientHost;
        _embedded = embedded;
    }

    /// <summary>What this connection reaches.</summary>
    public ClusterTarget Target { get; }

    /// <summary>Each embedded silo's web app, when it was started with one (see <c>embeddedWeb</c>); else empty.</summary>
    public IReadOnlyList<string> WebUrls => _embedded?.WebUrls ?? [];

    /// <summary>The grain factory of the cluster client.</summary>
    public IClusterClient Client { get; }

    /// <summary>
    /// Connects to <paramref name="target"/> (starting it when embedded); a cluster that cannot be reached within a few
    /// seconds throws <see cref="ClusterUnreachableException"/>, an unusable TLS file <see cref="InputException"/>.
    /// </summary>
    public static async Task<ClusterConnection> OpenAsync(ClusterTarget target, CancellationToken cancellationToken, Action<GrainsOptions>? configureEmbeddedGrains = null, WebOptions? embeddedWeb = null)
    {
        if (target.IsEmbedded)
        {
            var embedded = await EmbeddedCluster.StartAsync(target.EmbeddedSilos, configureEmbeddedGrains, embeddedWeb, cancellationToken);
            // One silo: the command is its co-hosted client, whose calls are neither serialized nor sent through a socket.
            // Several: a client of their gateways, as Orleans places a new activation near its caller and a co-hosted
            // client would put every series on the first silo.
            if (target.EmbeddedSilos == 1) return new ClusterConnection(target, embedded.Client, null, embedded);
            try
            {
                var client = await ConnectAsync(target, c => c.UseLocalhostClustering(embedded.GatewayPorts, EmbeddedCluster.ClusterId, EmbeddedCluster.ClusterId), null, cancellationToken);
                return new ClusterConnection(target, client.Services.GetRequiredService<IClusterClient>(), client, embedded);
            }
            catch
            {
                await embedded.DisposeAsync();
                throw;
            }
        }

        var tls = target.Tls is { } files ? ClientTlsFiles.Load(files) : default((X509Certificate2 Certificate, GatewayCertificatePolicy Policy)?);
        var host = await ConnectAsync(target, client =>
        {
            if (target.Membership is { } connectionString)
            {
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = connectionString;
                });
            }
            else
            {
                client.UseStaticClustering(target.Gateways.ToArray());
            }
            client.Configure<ClusterOptions>(o => o.ClusterId = target.ClusterId);
            if (tls is { } secured)
            {
                client.UseTls(secured.Certificate, o =>
                {
                    o.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
                    o.RemoteCertificateValidation = secured.Policy.Accepts;
                    // Orleans names no host; naming the one expected lets TLS check the certificate's names against it.
                    o.OnAuthenticateAsClient = (connection, authentication) =>
                        authentication.TargetHost = target.Tls!.ExpectedHost ?? (connection.RemoteEndPoint as IPEndPoint)?.Address.ToString();
                });
            }
        }, tls?.Policy, cancellationToken);
        return new ClusterConnection(target, host.Services.GetRequiredService<IClusterClient>(), host, null);
    }

    private static async Task<IHost> ConnectAsync(ClusterTarget target, Action<IClientBuilder> configure, GatewayCertificatePolicy? policy, CancellationToken cancellationToken)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, CommandHostLifetime>();
        builder.UseOrleansClient(client =>
        {
            configure(client);
            // Orleans retries a refused first connection for minutes; a command reports it at once (every gateway was tried).
            client.UseConnectionRetryFilter((_, _) => Task.FromResult(false));
        });
        var host = builder.Build();
        // A gateway that accepts the connection but never completes the handshake must not hold the command forever.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            await host.StartAsync(timeout.Token);
            return host;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            throw await DescribeAsync(target, e, policy, cancellationToken);
        }
    }

    /// <summary>Why the client could not connect, in the user's terms: nobody serves there, a certificate was refused, or a gateway closed the connection.</summary>
    private static async Task<ClusterUnreachableException> DescribeAsync(ClusterTarget target, Exception failure, GatewayCertificatePolicy? policy, CancellationToken cancellationToken)
    {
        if (policy?.LastRefusal is { } refusal) return new($"cannot reach the cluster through {target}: refused {refusal}", failure);
        if (failure is OperationCanceledException) return new($"cannot reach the cluster through {target}: no connection within {ConnectTimeout.TotalSeconds:0} s", failure);
        if (target.Gateways.Count > 0 && await UnansweredAsync(target.Gateways, cancellationToken) is { } unanswered)
            return new($"cannot reach the cluster: gateway {unanswered}", failure);
        var innermost = failure;
        while (innermost.InnerException is not null) innermost = innermost.InnerException;
        var what = $"cannot reach the cluster through {target}: {innermost.Message.TrimEnd('.')}";
        if (target.IsEmbedded || target.Membership is not null) return new(what, failure);
        return new(target.Tls is null
            ? $"{what} (a gateway closes the connection of a client of another --cluster-id, or without TLS when it serves TLS: then give --tls-ca and --tls-certificate)"
            : $"{what} (a gateway closes the connection of a client of another --cluster-id, or whose certificate it does not accept: see --tls-certificate and the silo's log)", failure);
    }

    /// <summary>Each gateway with the reason it did not take a TCP connection; null if any of them took one.</summary>
    private static async Task<string?> UnansweredAsync(IReadOnlyList<IPEndPoint> gateways, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        foreach (var gateway in gateways)
        {
            using var socket = new Socket(gateway.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ProbeTimeout);
            try
            {
                await socket.ConnectAsync(gateway, timeout.Token);
                return null;
            }
            catch (SocketException e)
            {
                failures.Add($"{gateway} ({e.SocketErrorCode})");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failures.Add($"{gateway} (no answer within {ProbeTimeout.TotalSeconds:0} s)");
            }
        }
        return string.Join(", ", failures);
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
