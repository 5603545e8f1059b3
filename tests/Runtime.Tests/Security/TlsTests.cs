using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using LstmActors.Runtime;
using LstmActors.Runtime.Configuration;
using LstmActors.Runtime.Hosting;
using LstmActors.Runtime.Persistence;
using LstmActors.Runtime.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Runtime.Tests.Grains;
using Runtime.Tests.Infrastructure;

namespace Runtime.Tests.Security;

/// <summary>A cluster whose silos serve TLS with a self-signed certificate made here; the test client trusts it.</summary>
public sealed class TlsTests : IAsyncLifetime
{
    private readonly LogCapture _logs = new();
    private readonly string _certificatePath = Path.Combine(Path.GetTempPath(), $"lstmactors-{Guid.NewGuid():N}.pfx");
    private X509Certificate2 _certificate = null!;
    private TestCluster _cluster = null!;

    private static X509Certificate2 SelfSigned(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    public async Task InitializeAsync()
    {
        _certificate = SelfSigned("lstmactors-test");
        await File.WriteAllBytesAsync(_certificatePath, _certificate.Export(X509ContentType.Pfx));
        _cluster = await ClusterFixture.StartAsync(new InMemoryGrainStorage(), _logs, options =>
        {
            options.ConfigureSilo += silo => silo.UseTls(_certificatePath);
            options.ConfigureClient += client => client.UseTls(_certificatePath);
        });
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        File.Delete(_certificatePath);
    }

    private ClusterOptions Cluster => _cluster.Silos[0].Services.GetRequiredService<IOptions<ClusterOptions>>().Value;

    private async Task<IHost> StartClientAsync(IPEndPoint gateway, Action<IClientBuilder> tls)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseLstmActorsClient(client =>
        {
            client.UseGateways(gateway).UseClusterSecret(Cluster.Secret!).Configure<ClusterOptions>(o => o.ClusterId = Cluster.ClusterId);
            tls(client);
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static Task<int> AddAsync(IHost client, string key) => client.Services.GetRequiredService<IClusterClient>().GetGrain<IBehaviourGrain>(key).Add(20, 22).AsTask();

    [Fact]
    public async Task Silos_and_clients_talk_over_tls_and_the_wire_shows_no_plain_frames()
    {
        Assert.Equal(3, await _cluster.Client.GetGrain<IBehaviourGrain>("tls").Add(1, 2));
        using var proxy = new RecordingProxy(_cluster.Silos[1].GatewayEndpoint);
        using var client = await StartClientAsync(proxy.Endpoint, c => c.UseTls(null, _certificate.GetCertHashString(HashAlgorithmName.SHA256)));

        Assert.Equal(42, await AddAsync(client, "tls-pinned"));

        var (sent, received) = proxy.Recorded;
        Assert.True(sent.Length > 0 && received.Length > 0);
        Assert.True(sent.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Cluster.ClusterId)) < 0, "the cluster id crossed the wire in clear");
        Assert.True(sent.AsSpan().IndexOf(Encoding.UTF8.GetBytes("tls-pinned")) < 0, "the grain key crossed the wire in clear");
    }

    [Fact]
    public async Task Client_without_tls_or_trusting_another_certificate_cannot_call()
    {
        using var plain = await StartClientAsync(_cluster.Silos[0].GatewayEndpoint, _ => { });
        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => AddAsync(plain, "plain"));
        Assert.Contains("handshake failed", error.Message);

        using var other = SelfSigned("someone-else");
        using var mistrusting = await StartClientAsync(_cluster.Silos[0].GatewayEndpoint, c => c.UseTls(null, other.GetCertHashString(HashAlgorithmName.SHA256)));
        error = await Assert.ThrowsAsync<SiloUnavailableException>(() => AddAsync(mistrusting, "mistrusting"));
        Assert.Contains("handshake failed", error.Message);

        Assert.Equal(5, await _cluster.Client.GetGrain<IBehaviourGrain>("tls-still-served").Add(2, 3));
    }
}
