using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using LstmActors.Runtime.Configuration;
using LstmActors.Runtime.Hosting;
using LstmActors.Runtime.Persistence;
using LstmActors.Runtime.Security;
using Microsoft.Extensions.Hosting;
using Runtime.Tests.Infrastructure;

namespace Runtime.Tests.Security;

/// <summary>Bad TLS settings fail the silo or client at start with one message naming the setting and the file.</summary>
public sealed class TlsStartupErrorTests : IDisposable
{
    private readonly TestPki _pki = new();
    private readonly X509Certificate2 _authority = TestPki.CreateAuthority("Startup CA");

    public void Dispose() => _pki.Dispose();

    private static async Task<TlsConfigurationException> SiloStartFailureAsync(Action<TlsOptions> tls)
        => await Assert.ThrowsAsync<TlsConfigurationException>(() => ClusterFixture.StartAsync(new InMemoryGrainStorage(), new LogCapture(), options =>
        {
            options.InitialSilosCount = 1;
            options.ConfigureSilo += silo => silo.UseTls(tls);
        }));

    private static async Task<TlsConfigurationException> ClientStartFailureAsync(Action<TlsOptions> tls)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseLstmActorsClient(client => client.UseGateways(new IPEndPoint(IPAddress.Loopback, 1)).UseTls(tls));
        using var host = builder.Build();
        return await Assert.ThrowsAsync<TlsConfigurationException>(() => host.StartAsync());
    }

    [Fact]
    public async Task Wrong_pfx_password_fails_silo_start_naming_the_setting_and_the_file()
    {
        using var leaf = TestPki.Issue(_authority, "silo", "127.0.0.1");
        var pfx = _pki.WritePfx("silo.pfx", leaf, "the right one");
        var passwordFile = _pki.Write("wrong.password", "not the right one"u8.ToArray());

        var error = await SiloStartFailureAsync(o =>
        {
            o.CertificatePath = pfx;
            o.CertificatePasswordFile = passwordFile;
        });

        Assert.Contains("TlsOptions.CertificatePath", error.Message);
        Assert.Contains(pfx, error.Message);
        Assert.Contains(passwordFile, error.Message);
    }

    [Fact]
    public async Task Password_protected_pfx_without_a_password_or_with_an_unset_variable_fails_silo_start()
    {
        using var leaf = TestPki.Issue(_authority, "silo", "127.0.0.1");
        var pfx = _pki.WritePfx("silo.pfx", leaf, "the right one");

        var error = await SiloStartFailureAsync(o => o.CertificatePath = pfx);
        Assert.Contains(pfx, error.Message);
        Assert.Contains("CertificatePasswordFile or CertificatePasswordVariable", error.Message);

        var variable = $"LSTMACTORS_TEST_UNSET_{Guid.NewGuid():N}";
        error = await SiloStartFailureAsync(o =>
        {
            o.CertificatePath = pfx;
            o.CertificatePasswordVariable = variable;
        });
        Assert.Contains("TlsOptions.CertificatePasswordVariable", error.Message);
        Assert.Contains(variable, error.Message);
    }

    [Fact]
    public async Task Missing_certificate_or_password_file_fails_silo_start_naming_the_setting_and_the_file()
    {
        var missing = Path.Combine(_pki.Folder, "missing.pfx");
        var error = await SiloStartFailureAsync(o => o.CertificatePath = missing);
        Assert.Equal("CertificatePath", Assert.IsType<TlsConfigurationException>(error).Setting);
        Assert.Contains($"TlsOptions.CertificatePath: file '{missing}' does not exist", error.Message);

        using var leaf = TestPki.Issue(_authority, "silo", "127.0.0.1");
        var pfx = _pki.WritePfx("silo.pfx", leaf, "pw");
        var missingPassword = Path.Combine(_pki.Folder, "missing.password");
        error = await SiloStartFailureAsync(o =>
        {
            o.CertificatePath = pfx;
            o.CertificatePasswordFile = missingPassword;
        });
        Assert.Contains($"TlsOptions.CertificatePasswordFile: file '{missingPassword}' does not exist", error.Message);
    }

    [Fact]
    public async Task Certificate_without_private_key_fails_silo_start()
    {
        using var leaf = TestPki.Issue(_authority, "silo", "127.0.0.1");
        var pfxWithoutKey = _pki.Write("no-key.pfx", new X509Certificate2Collection(X509CertificateLoader.LoadCertificate(leaf.RawData)).Export(X509ContentType.Pkcs12)!);

        var error = await SiloStartFailureAsync(o => o.CertificatePath = pfxWithoutKey);
        Assert.Contains($"TlsOptions.CertificatePath: certificate file '{pfxWithoutKey}' has no private key", error.Message);

        var pemWithoutKey = _pki.WritePem("silo.pem", leaf);
        error = await SiloStartFailureAsync(o => o.CertificatePath = pemWithoutKey);
        Assert.Contains($"TlsOptions.CertificatePath: '{pemWithoutKey}' is not a PEM file with certificate and unencrypted private key", error.Message);
    }

    [Fact]
    public async Task Ca_file_that_is_not_a_certificate_or_missing_fails_client_start_naming_the_setting_and_the_file()
    {
        var garbage = _pki.Write("ca.der", "this is not a certificate"u8.ToArray());
        var error = await ClientStartFailureAsync(o => o.CertificateAuthorityPath = garbage);
        Assert.Contains($"TlsOptions.CertificateAuthorityPath: '{garbage}' is not a PEM or DER certificate", error.Message);

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var keyOnly = _pki.Write("key.pem", Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem()));
        error = await ClientStartFailureAsync(o => o.CertificateAuthorityPath = keyOnly);
        Assert.Contains($"TlsOptions.CertificateAuthorityPath: '{keyOnly}' holds no PEM certificate", error.Message);

        var missing = Path.Combine(_pki.Folder, "missing-ca.pem");
        error = await ClientStartFailureAsync(o => o.CertificateAuthorityPath = missing);
        Assert.Contains($"TlsOptions.CertificateAuthorityPath: file '{missing}' does not exist", error.Message);
    }
}
