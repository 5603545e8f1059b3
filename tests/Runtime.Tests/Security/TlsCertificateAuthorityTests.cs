using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LstmActors.Runtime;
using LstmActors.Runtime.Configuration;
using LstmActors.Runtime.Hosting;
using LstmActors.Runtime.Persistence;
using LstmActors.Runtime.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Runtime.Tests.Grains;
using Runtime.Tests.Infrastructure;

namespace Runtime.Tests.Security;

/// <summary>
/// TLS validated against a CA made here: two silos serve leaves the CA signed (PFX with a password from a file) and
/// check each other's; clients trusting the CA accept them and refuse other-CA, self-signed, wrong-host and expired leaves.
/// </summary>
public sealed class TlsCertificateAuthorityTests : IAsyncLifetime
{
    private readonly LogCapture _logs = new();
    private readonly TestPki _pki = new();
    private readonly X509Certificate2 _authority = TestPki.CreateAuthority("LstmActors Test CA");
    private string _authorityPem = null!;
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _authorityPem = _pki.WritePem("ca.pem", _authority);
        using var leaf = TestPki.Issue(_authority, "silo", "127.0.0.1", "localhost");
        var pfx = _pki.WritePfx("silo.pfx", leaf, "correct horse battery");
        var passwordFile = _pki.Write("silo.pfx.password", "correct horse battery\n"u8.ToArray());
        _cluster = await ClusterFixture.StartAsync(new InMemoryGrainStorage(), _logs, options =>
        {
            options.ConfigureSilo += silo => silo.UseTls(o =>
            {
                o.CertificatePath = pfx;
                o.CertificatePasswordFile = passwordFile;
                o.CertificateAuthorityPath = _authorityPem;
            });
            options.ConfigureClient += client => client.UseTls(o => o.CertificateAuthorityPath = _authorityPem);
        });
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _pki.Dispose();
    }

    /// <summary>A one-silo cluster serving <paramref name="served"/>; its own client pins that certificate.</summary>
    private Task<TestCluster> StartSiloServingAsync(X509Certificate2 served, Action<TlsOptions>? tls = null)
    {
        var pfx = _pki.WritePfx($"{Guid.NewGuid():N}.pfx", served);
        return ClusterFixture.StartAsync(new InMemoryGrainStorage(), _logs, options =>
        {
            options.InitialSilosCount = 1;
            options.ConfigureSilo += silo => silo.UseTls(o =>
            {
                o.CertificatePath = pfx;
                tls?.Invoke(o);
            });
            options.ConfigureClient += client => client.UseTls(null, served.GetCertHashString(HashAlgorithmName.SHA256));
        });
    }

    private async Task<IHost> StartClientAsync(TestCluster cluster, Action<TlsOptions> tls)
    {
        var secret = cluster.Silos[0].Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders().AddProvider(_logs);
        builder.UseLstmActorsClient(client => client
            .UseGateways(cluster.Silos[0].GatewayEndpoint)
            .UseClusterSecret(secret.Secret!)
            .Configure<ClusterOptions>(o => o.ClusterId = secret.ClusterId)
            .UseTls(tls));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static Task<int> AddAsync(IHost client, string key) => client.Services.GetRequiredService<IClusterClient>().GetGrain<IBehaviourGrain>(key).Add(20, 22).AsTask();

    /// <summary>A client trusting only the CA cannot call the silo; the log names the certificate and the reason.</summary>
    private async Task AssertRefusedAsync(TestCluster cluster, string subject, string reason, Action<TlsOptions>? tls = null)
    {
        using var client = await StartClientAsync(cluster, o =>
        {
            o.CertificateAuthorityPath = _authorityPem;
            tls?.Invoke(o);
        });
        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => AddAsync(client, "refused"));
        Assert.Contains("handshake failed", error.Message);
        Assert.Contains(_logs.Lines, l => l.Contains("handshake failed", StringComparison.Ordinal) && l.Contains($"CN={subject}", StringComparison.Ordinal) && l.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ca_signed_leaves_are_accepted_between_silos_and_by_clients_trusting_the_ca_as_pem_or_der()
    {
        Assert.Equal(2, _cluster.Silos.Count(s => s.IsActive));
        // Calls from each silo to many keys: those placed on the other silo cross a silo-to-silo TLS connection.
        foreach (var silo in _cluster.Silos)
            for (int i = 0; i < 16; i++)
                Assert.Equal(i + 1, await silo.GrainFactory.GetGrain<IBehaviourGrain>($"ca-{i}").Add(i, 1));

        Assert.Equal(42, await _cluster.Client.GetGrain<IBehaviourGrain>("ca-cluster-client").Add(20, 22));
        var der = _pki.Write("ca.der", _authority.RawData);
        using var client = await StartClientAsync(_cluster, o => o.CertificateAuthorityPath = der);
        Assert.Equal(42, await AddAsync(client, "ca-der"));
        Assert.Equal(0, _logs.Count("handshake failed"));
    }

    [Fact]
    public async Task Leaf_signed_by_another_ca_is_refused_with_a_log_line_naming_why()
    {
        using var otherAuthority = TestPki.CreateAuthority("Someone Else's CA");
        using var leaf = TestPki.Issue(otherAuthority, "other-ca-leaf", "127.0.0.1", "localhost");
        await using var cluster = await StartSiloServingAsync(leaf);

        await AssertRefusedAsync(cluster, "other-ca-leaf", "does not validate against the CA of TlsOptions.CertificateAuthorityPath");
    }

    [Fact]
    public async Task Self_signed_leaf_is_refused_by_the_ca_and_accepted_when_also_pinned()
    {
        using var leaf = TestPki.SelfSigned("self-signed-leaf", "127.0.0.1", "localhost");
        await using var cluster = await StartSiloServingAsync(leaf);

        await AssertRefusedAsync(cluster, "self-signed-leaf", "does not validate against the CA");

        using var pinning = await StartClientAsync(cluster, o =>
        {
            o.CertificateAuthorityPath = _authorityPem;
            o.PinnedThumbprints.Add(leaf.GetCertHashString(HashAlgorithmName.SHA256));
        });
        Assert.Equal(42, await AddAsync(pinning, "pinned"));
    }

    [Fact]
    public async Task Leaf_for_another_host_is_refused_unless_that_name_is_the_expected_host()
    {
        using var leaf = TestPki.Issue(_authority, "wrong-host-leaf", "db.example.org");
        await using var cluster = await StartSiloServingAsync(leaf);

        await AssertRefusedAsync(cluster, "wrong-host-leaf", "does not name '127.0.0.1' in its subject alternative names");
        await AssertRefusedAsync(cluster, "wrong-host-leaf", "does not name 'other.example.org'", o => o.ExpectedHostName = "other.example.org");

        using var expecting = await StartClientAsync(cluster, o =>
        {
            o.CertificateAuthorityPath = _authorityPem;
            o.ExpectedHostName = "db.example.org";
        });
        Assert.Equal(42, await AddAsync(expecting, "expected-name"));
    }

    [Fact]
    public async Task Expired_leaf_is_refused()
    {
        using var leaf = TestPki.Issue(_authority, "expired-leaf", DateTimeOffset.UtcNow.AddDays(-20), DateTimeOffset.UtcNow.AddDays(-10), "127.0.0.1", "localhost");
        await using var cluster = await StartSiloServingAsync(leaf);

        await AssertRefusedAsync(cluster, "expired-leaf", "NotTimeValid");
    }

    [Fact]
    public async Task Password_protected_pfx_loads_with_the_password_from_an_environment_variable()
    {
        var variable = $"LSTMACTORS_TEST_PFX_PASSWORD_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(variable, "s3cret from the environment");
        try
        {
            using var leaf = TestPki.Issue(_authority, "env-password-leaf", "127.0.0.1");
            var pfx = _pki.WritePfx("env.pfx", leaf, "s3cret from the environment");
            await using var cluster = await ClusterFixture.StartAsync(new InMemoryGrainStorage(), _logs, options =>
            {
                options.InitialSilosCount = 1;
                options.ConfigureSilo += silo => silo.UseTls(o =>
                {
                    o.CertificatePath = pfx;
                    o.CertificatePasswordVariable = variable;
                });
                options.ConfigureClient += client => client.UseTls(o => o.CertificateAuthorityPath = _authorityPem);
            });
            Assert.Equal(42, await cluster.Client.GetGrain<IBehaviourGrain>("env-password").Add(40, 2));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
