using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace LstmActors.Client.Cluster;

/// <summary>Reads the client's TLS files before connecting; anything wrong is an <see cref="InputException"/> naming the flag and the file.</summary>
internal static class ClientTlsFiles
{
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>The client certificate and the policy for gateway certificates that <paramref name="tls"/> names.</summary>
    public static (X509Certificate2 Certificate, GatewayCertificatePolicy Policy) Load(ClientTls tls)
    {
        var certificate = LoadCertificate(tls.CertificateFile, tls.Password);
        var authorities = tls.CaFile is { } ca ? LoadAuthorities(ca) : [];
        // Without a CA or pins the gateway must present this very certificate (a cluster that shares one certificate).
        IReadOnlyCollection<string> pins = tls.CaFile is null && tls.Pins.Count == 0
            ? [certificate.GetCertHashString(HashAlgorithmName.SHA256)]
            : tls.Pins.ToHashSet();
        return (certificate, new GatewayCertificatePolicy(authorities, pins, tls.CaFile));
    }

    private static X509Certificate2 LoadCertificate(string file, (string Value, string Source)? password)
    {
        const string flag = "--tls-certificate";
        var bytes = Read(flag, file, "certificate");
        var withPassword = password is { } p ? p.Source : "no password (--tls-password-file or $" + ClusterArguments.TlsPasswordVariable + ")";
        X509Certificate2 certificate;
        if (IsPem(bytes))
        {
            var text = Encoding.ASCII.GetString(bytes);
            if (!text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
                throw new InputException($"{flag}: '{file}' is not a certificate (no PEM CERTIFICATE block)");
            if (!text.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
                throw new InputException($"{flag}: '{file}' holds no private key; put the certificate's key in the same PEM file, or use PKCS#12");
            try
            {
                certificate = text.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal)
                    ? X509Certificate2.CreateFromEncryptedPem(text, text, password?.Value ?? "")
                    : X509Certificate2.CreateFromPem(text, text);
            }
            catch (CryptographicException e)
            {
                throw new InputException($"{flag}: cannot read the certificate and key in PEM file '{file}' with {withPassword}: {e.Message}");
            }
        }
        else if (ContentType(bytes) == X509ContentType.Pkcs12)
        {
            try
            {
                certificate = X509CertificateLoader.LoadPkcs12(bytes, password?.Value);
            }
            catch (CryptographicException e)
            {
                throw new InputException($"{flag}: cannot open PKCS#12 file '{file}' with {withPassword}: {e.Message}");
            }
        }
        else
        {
            throw new InputException(ContentType(bytes) == X509ContentType.Cert
                ? $"{flag}: '{file}' holds a certificate but no private key; use PEM with the key, or PKCS#12"
                : $"{flag}: '{file}' is not a certificate (neither PEM nor PKCS#12)");
        }
        if (!certificate.HasPrivateKey) throw new InputException($"{flag}: '{file}' holds no private key for its certificate");
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SelectMany(e => e.EnhancedKeyUsages.Cast<Oid>()).Select(o => o.Value).ToArray();
        if (usages.Length > 0 && !usages.Contains(ClientAuthentication))
            throw new InputException($"{flag}: the certificate in '{file}' is not allowed for TLS client authentication (its extended key usage lacks clientAuth)");
        return certificate;
    }

    private static X509Certificate2Collection LoadAuthorities(string file)
    {
        const string flag = "--tls-ca";
        var bytes = Read(flag, file, "CA certificate");
        var authorities = new X509Certificate2Collection();
        try
        {
            if (IsPem(bytes)) authorities.ImportFromPem(Encoding.ASCII.GetString(bytes));
            else authorities.Add(X509CertificateLoader.LoadCertificate(bytes));
        }
        catch (CryptographicException e)
        {
            throw new InputException($"{flag}: '{file}' is not a PEM or DER certificate: {e.Message}");
        }
        if (authorities.Count == 0) throw new InputException($"{flag}: '{file}' is not a certificate (no PEM CERTIFICATE block)");
        return authorities;
    }

    private static byte[] Read(string flag, string file, string what)
    {
        try
        {
            return File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException($"{flag}: {what} file '{file}' does not exist");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{flag}: cannot read {what} file '{file}': {e.Message}");
        }
    }

    private static X509ContentType ContentType(byte[] bytes)
    {
        try
        {
            return X509Certificate2.GetCertContentType(bytes);
        }
        catch (CryptographicException)
        {
            return X509ContentType.Unknown;
        }
    }

    private static bool IsPem(byte[] bytes) => Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 4096)).Contains("-----BEGIN ", StringComparison.Ordinal);
}
