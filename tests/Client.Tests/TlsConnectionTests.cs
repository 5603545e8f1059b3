using System.Security.Cryptography;
using System.Text.Json;

namespace LstmActors.Client.Tests;

/// <summary>The client's mutual TLS against silos that require it (Orleans' TLS with a test CA).</summary>
public sealed class TlsConnectionTests : IAsyncLifetime
{
    private readonly TestPki _pki = new();
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _authority = TestPki.CreateAuthority("cluster CA");
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _siloCertificate;
    private Orleans.TestingHost.TestCluster? _cluster;

    public TlsConnectionTests() => _siloCertificate = TestPki.Issue(_authority, "silo", "127.0.0.1", "localhost");

    private string Ca => Path.Combine(_pki.Folder, "ca.pem");

    private string ClientCertificate => Path.Combine(_pki.Folder, "client.pem");

    private string[] Gateway => _cluster!.GatewayArgs();

    public async Task InitializeAsync()
    {
        _pki.WritePem("ca.pem", _authority);
        _pki.WritePemWithKey("client.pem", TestPki.Issue(_authority, "client"));
        _cluster = await GatewayClusters.StartAsync(silos: 1, (_pki.WritePfx("silo.pfx", _siloCertificate), Ca));
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
        _pki.Dispose();
    }

    [Fact]
    public async Task A_client_certificate_of_the_clusters_ca_reaches_it()
    {
        var run = await CliRun.RunAsync(["status", "--json", .. Gateway, "--tls-ca", Ca, "--tls-certificate", ClientCertificate]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var silo = Assert.Single(JsonDocument.Parse(run.Output).RootElement.GetProperty("silos").EnumerateArray());
        Assert.Equal(_cluster!.Primary!.SiloAddress.ToParsableString(), silo.GetProperty("silo").GetString());
    }

    [Fact]
    public async Task A_pinned_gateway_certificate_is_accepted_without_a_ca()
    {
        var pin = _siloCertificate.GetCertHashString(HashAlgorithmName.SHA256);

        var run = await CliRun.RunAsync(["status", .. Gateway, "--tls-pin", pin, "--tls-certificate", ClientCertificate]);

        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task A_client_certificate_of_another_ca_is_refused_by_the_silo()
    {
        var rogue = _pki.WritePemWithKey("rogue.pem", TestPki.Issue(TestPki.CreateAuthority("other CA"), "rogue"));

        var run = await CliRun.RunAsync(["status", .. Gateway, "--tls-ca", Ca, "--tls-certificate", rogue]);

        Assert.Equal(ExitCodes.ClusterUnreachable, run.ExitCode);
        var message = Assert.Single(run.ErrorLines);
        Assert.Contains($"cannot reach the cluster through gateway {Gateway[1]}", message);
        Assert.Contains("--tls-certificate", message);
    }

    [Fact]
    public async Task A_gateway_certificate_that_does_not_chain_to_the_given_ca_is_refused_by_the_client()
    {
        var otherCa = _pki.WritePem("other-ca.pem", TestPki.CreateAuthority("other CA"));

        var run = await CliRun.RunAsync(["status", .. Gateway, "--tls-ca", otherCa, "--tls-certificate", ClientCertificate]);

        Assert.Equal(ExitCodes.ClusterUnreachable, run.ExitCode);
        Assert.Contains($"does not chain to the CA of --tls-ca '{otherCa}'", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task A_gateway_certificate_that_does_not_name_the_expected_host_is_refused_by_the_client()
    {
        var run = await CliRun.RunAsync(["status", .. Gateway, "--tls-ca", Ca, "--tls-certificate", ClientCertificate, "--tls-host", "gateway.example"]);

        Assert.Equal(ExitCodes.ClusterUnreachable, run.ExitCode);
        Assert.Contains("does not name the gateway address dialled (or --tls-host)", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task A_client_without_tls_is_refused_and_told_about_the_tls_flags()
    {
        var run = await CliRun.RunAsync(["status", .. Gateway]);

        Assert.Equal(ExitCodes.ClusterUnreachable, run.ExitCode);
        var message = Assert.Single(run.ErrorLines);
        Assert.Contains($"cannot reach the cluster through gateway {Gateway[1]}", message);
        Assert.Contains("--tls-ca and --tls-certificate", message);
    }
}
