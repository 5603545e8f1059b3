using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LstmActors.Silo.Configuration;
using LstmActors.Silo.Security;

namespace LstmActors.Silo.Tests;

/// <summary>The silo's TLS files as read at start: each way a file can be wrong is one line naming the setting and the file.</summary>
public sealed class SiloTlsTests : IDisposable
{
    private readonly TestPki _pki = new();
    private readonly X509Certificate2 _authority = TestPki.CreateAuthority("Silo Test CA");

    private static SiloSettings Tls(string certificate, string? passwordFile = null, string? ca = null, params string[] pins) =>
        new() { TlsCertificate = certificate, TlsPasswordFile = passwordFile, TlsCaFile = ca, TlsPins = pins };

    [Fact]
    public void No_certificate_means_no_tls_and_the_other_tls_settings_then_say_they_need_one()
    {
        Assert.Null(SiloTls.From(new SiloSettings(), environmentPassword: null));
        var error = Assert.Throws<SiloConfigurationException>(() => SiloTls.From(new SiloSettings { TlsCaFile = "ca.pem" }, null));
        Assert.StartsWith("LstmActors:TlsCertificate: TlsCaFile, TlsPins and TlsPasswordFile need a TLS certificate", error.Message);
    }

    [Fact]
    public void A_pem_certificate_with_its_key_and_a_password_protected_pfx_are_read()
    {
        using var leaf = TestPki.Issue(_authority, "silo", "127.0.0.1");
        var ca = _pki.WritePem("ca.pem", _authority);

        var pem = SiloTls.From(Tls(_pki.WritePemWithKey("silo.pem", leaf), ca: ca), null)!;
        Assert.Equal(leaf.Thumbprint, pem.Certificate.Thumbprint);
        Assert.True(pem.Certificate.HasPrivateKey);

        var pfx = _pki.WritePfx("silo.pfx", leaf, "pfx password");
        Assert.Equal(leaf.Thumbprint, SiloTls.From(Tls(pfx, passwordFile: _pki.Write("password", "pfx password\n"u8.ToArray()), ca: ca), null)!.Certificate.Thumbprint);
        Assert.Equal(leaf.Thumbprint, SiloTls.From(Tls(pfx, ca: ca), environmentPassword: "pfx password")!.Certificate.Thumbprint);
    }

    [Fact]
    public void The_policy_accepts_certificates_of_the_ca_or_pinned_and_refuses_others()
    {
        using var leaf = TestPki.Issue(_authority, "silo", "127.0.0.1");
        using var client = TestPki.Issue(_authority, "client");
        using var other = TestPki.CreateAuthority("Other CA");
        using var stranger = TestPki.Issue(other, "stranger", "127.0.0.1");
        using var selfSigned = TestPki.SelfSigned("self", "127.0.0.1");
        var certificate = _pki.WritePemWithKey("silo.pem", leaf);

        var withCa = SiloTls.From(Tls(certificate, ca: _pki.WritePem("ca.pem", _authority)), null)!.Policy;
        Assert.True(withCa.Accepts(client, null));
        Assert.False(withCa.Accepts(stranger, null));
        Assert.False(withCa.Accepts(selfSigned, null));

        var pinned = SiloTls.From(Tls(certificate, pins: selfSigned.GetCertHashString(HashAlgorithmName.SHA256)), null)!.Policy;
        Assert.True(pinned.Accepts(selfSigned, null));
        Assert.False(pinned.Accepts(client, null));

        // Neither CA nor pins: the silo's own certificate is the one every silo and client shares.
        var own = SiloTls.From(Tls(certificate), null)!.Policy;
        Assert.True(own.Accepts(leaf, null));
        Assert.False(own.Accepts(client, null));
    }

    [Fact]
    public void Each_bad_file_stops_the_silo_naming_the_setting_and_the_file()
    {
        using var leaf = TestPki.Issue(_authority, "silo", "127.0.0.1");
        var missing = Path.Combine(_pki.Folder, "absent.pem");
        var notCertificate = _pki.Write("notes.txt", "just some text\n"u8.ToArray());
        var certificateOnly = _pki.WritePem("cert-only.pem", leaf);
        var derOnly = _pki.Write("cert-only.der", leaf.Export(X509ContentType.Cert));
        var pfx = _pki.WritePfx("silo.pfx", leaf, "right");
        var wrongPassword = _pki.Write("wrong.password", "wrong\n"u8.ToArray());
        var serverOnly = _pki.WritePemWithKey("server-only.pem", TestPki.IssueServerOnly(_authority, "silo", "127.0.0.1"));
        var good = _pki.WritePemWithKey("silo.pem", leaf);

        AssertRefused(Tls(missing), $"LstmActors:TlsCertificate: certificate file '{missing}' does not exist");
        AssertRefused(Tls(notCertificate), $"LstmActors:TlsCertificate: '{notCertificate}' is not a certificate");
        AssertRefused(Tls(certificateOnly), $"LstmActors:TlsCertificate: '{certificateOnly}' holds no private key");
        AssertRefused(Tls(derOnly), $"LstmActors:TlsCertificate: '{derOnly}' holds a certificate but no private key");
        AssertRefused(Tls(pfx, passwordFile: wrongPassword), $"LstmActors:TlsCertificate: cannot open PKCS#12 file '{pfx}' with the password from '{wrongPassword}'");
        AssertRefused(Tls(pfx), $"LstmActors:TlsCertificate: cannot open PKCS#12 file '{pfx}' with no password");
        AssertRefused(Tls(serverOnly), $"LstmActors:TlsCertificate: the certificate in '{serverOnly}' is not allowed for both TLS server and client authentication");
        AssertRefused(Tls(good, passwordFile: missing), $"LstmActors:TlsPasswordFile: password file '{missing}' does not exist");
        AssertRefused(Tls(good, ca: missing), $"LstmActors:TlsCaFile: CA certificate file '{missing}' does not exist");
        AssertRefused(Tls(good, ca: notCertificate), $"LstmActors:TlsCaFile: '{notCertificate}' is not a certificate");
    }

    private static void AssertRefused(SiloSettings settings, string expected)
    {
        var error = Assert.Throws<SiloConfigurationException>(() => SiloTls.From(settings, null));
        Assert.StartsWith(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    public void Dispose()
    {
        _authority.Dispose();
        _pki.Dispose();
    }
}
