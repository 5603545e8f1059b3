using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace LstmActors.Tests.Shared;

/// <summary>Certificates made in the test with <see cref="CertificateRequest"/>: CAs, leaves they sign, self-signed leaves; files in a temporary folder.</summary>
public sealed class TestPki : IDisposable
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    /// <summary>The folder every written file goes to; deleted on dispose.</summary>
    public string Folder { get; } = Directory.CreateTempSubdirectory("lstmactors-pki-").FullName;

    /// <summary>A CA certificate with its key.</summary>
    public static X509Certificate2 CreateAuthority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddYears(1));
    }

    /// <summary>A leaf certificate with its key, for TLS servers and clients (a silo is both), signed by <paramref name="issuer"/>, naming <paramref name="hosts"/> (DNS names or IP addresses).</summary>
    public static X509Certificate2 Issue(X509Certificate2 issuer, string name, DateTimeOffset notBefore, DateTimeOffset notAfter, params string[] hosts)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = LeafRequest(name, key, hosts);
        using var signed = request.Create(issuer, notBefore, notAfter, RandomNumberGenerator.GetBytes(12));
        return signed.CopyWithPrivateKey(key);
    }

    /// <summary>A leaf certificate valid from yesterday for a month, signed by <paramref name="issuer"/>.</summary>
    public static X509Certificate2 Issue(X509Certificate2 issuer, string name, params string[] hosts)
        => Issue(issuer, name, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), hosts);

    /// <summary>A self-signed leaf certificate naming <paramref name="hosts"/>.</summary>
    public static X509Certificate2 SelfSigned(string name, params string[] hosts)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return LeafRequest(name, key, hosts).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>A certificate with its key, signed by <paramref name="issuer"/>, whose extended key usage allows server authentication only (unfit for a silo, which also connects as a client).</summary>
    public static X509Certificate2 IssueServerOnly(X509Certificate2 issuer, string name, params string[] hosts)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = LeafRequest(name, key, hosts, [ServerAuthentication]);
        using var signed = request.Create(issuer, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), RandomNumberGenerator.GetBytes(12));
        return signed.CopyWithPrivateKey(key);
    }

    private static CertificateRequest LeafRequest(string name, ECDsa key, string[] hosts, Oid[]? usages = null)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts)
        {
            if (IPAddress.TryParse(host, out var address)) names.AddIpAddress(address);
            else names.AddDnsName(host);
        }
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var oids = new OidCollection();
        foreach (var usage in usages ?? [ServerAuthentication, ClientAuthentication]) oids.Add(usage);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        return request;
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="fileName"/> in <see cref="Folder"/> and returns its path.</summary>
    public string Write(string fileName, byte[] bytes)
    {
        var path = Path.Combine(Folder, fileName);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Writes certificate and key as PKCS#12, protected by <paramref name="password"/> when given.</summary>
    public string WritePfx(string fileName, X509Certificate2 certificate, string? password = null)
        => Write(fileName, certificate.Export(X509ContentType.Pkcs12, password));

    /// <summary>Writes the certificate alone, PEM-encoded.</summary>
    public string WritePem(string fileName, X509Certificate2 certificate)
        => Write(fileName, Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()));

    /// <summary>Writes the certificate and its private key (unencrypted PKCS#8), PEM-encoded, in one file.</summary>
    public string WritePemWithKey(string fileName, X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPrivateKey() ?? throw new ArgumentException("The certificate has no ECDSA private key.", nameof(certificate));
        return Write(fileName, Encoding.ASCII.GetBytes(certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n"));
    }

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
