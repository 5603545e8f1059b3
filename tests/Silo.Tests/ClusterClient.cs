using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.Hosting;

namespace LstmActors.Silo.Tests;

/// <summary>An Orleans client in the test process, connected to one silo's gateway, as any Orleans application would connect.</summary>
internal sealed class ClusterClient : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterClient(IHost host) => _host = host;

    /// <summary>The grain factory.</summary>
    public IClusterClient Grains => _host.Services.GetRequiredService<IClusterClient>();

    /// <summary>
    /// A client host for <paramref name="gateway"/> of cluster <paramref name="clusterId"/> (service <c>lstmactors</c>),
    /// with Orleans' TLS configured by <paramref name="tls"/> when given; not started.
    /// </summary>
    public static ClusterClient Create(IPEndPoint gateway, string clusterId = "lstmactors", Action<IClientBuilder>? tls = null)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(gateway);
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = "lstmactors";
            });
            tls?.Invoke(client);
        });
        return new ClusterClient(builder.Build());
    }

    /// <summary>A started client (see <see cref="Create"/>).</summary>
    public static async Task<ClusterClient> ConnectAsync(IPEndPoint gateway, string clusterId = "lstmactors", Action<IClientBuilder>? tls = null)
    {
        var client = Create(gateway, clusterId, tls);
        using var deadline = new CancellationTokenSource(SiloExecutable.Deadline);
        await client.StartAsync(deadline.Token);
        return client;
    }

    /// <summary>Connects; a refused client retries until <paramref name="cancellationToken"/> fires.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => _host.StartAsync(cancellationToken);

    /// <summary>Orleans' TLS for a client: present <paramref name="certificate"/> (or none) and accept a silo certificate that chains to <paramref name="authority"/>.</summary>
    public static Action<IClientBuilder> Tls(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate, System.Security.Cryptography.X509Certificates.X509Certificate2 authority)
    {
        var policy = new Security.PeerCertificatePolicy([authority], []);
        return client => client.UseTls(o =>
        {
            o.LocalCertificate = certificate;
            o.ClientCertificateMode = certificate is null ? RemoteCertificateMode.NoCertificate : RemoteCertificateMode.RequireCertificate;
            o.RemoteCertificateValidation = (presented, chain, _) => policy.Accepts(presented, chain);
        });
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _host.StopAsync(deadline.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or OrleansException or InvalidOperationException)
        {
            // A client that never connected has nothing to stop cleanly.
        }
        _host.Dispose();
    }
}
