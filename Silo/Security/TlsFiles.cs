using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using LstmActors.Silo.Configuration;

namespace LstmActors.Silo.Security;

/// <summary>Reads the silo's TLS files at start; anything wrong is a <see cref="SiloConfigurationException"/> naming the setting and the file.</summary>
public static class TlsFiles
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>
    /// The certificate with its private key from <paramref name="file"/>: PKCS#12, or PEM holding the certificate and its
    /// key (encrypted keys need <paramref name="password"/>). A silo serves it and presents it to other silos, so it must be
    /// allowed for both server and client authentication.
    /// </summary>
    /// <param name="setting">The setting named in errors.</param>
    /// <param name="file">The certificate file.</param>
    /// <param name="password">The password, or null.</param>
    /// <param name="passwordSource">Where the password came from, for errors (e.g. "the password from '/etc/x'").</param>
    public static X509Certificate2 LoadCertificate(string setting, string file, string? password, string passwordSource)
    {
        var bytes = Read(setting, file, "certificate");
        X509Certificate2 certificate;
        if (IsPem(bytes))
        {
            var text = Encoding.ASCII.GetString(bytes);
            if (!text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
                throw new SiloConfigurationException($"{setting}: '{file}' is not a certificate (no PEM CERTIFICATE block)");
            if (!text.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
                throw new SiloConfigurationException($"{setting}: '{file}' holds no private key; put the certificate's key in the same PEM file, or use PKCS#12");
            try
            {
                certificate = text.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal)
                    ? X509Certificate2.CreateFromEncryptedPem(text, text, password ?? "")
                    : X509Certificate2.CreateFromPem(text, text);
            }
            catch (CryptographicException e)
            {
                throw new SiloConfigurationException($"{setting}: cannot read the certificate and key in PEM file '{file}' with {passwordSource}: {e.Message}");
            }
        }
        else
        {
            switch (ContentType(bytes))
            {
                case X509ContentType.Pkcs12:
                    try
                    {
                        certificate = X509CertificateLoader.LoadPkcs12(bytes, password);
                    }
                    catch (CryptographicException e)
                    {
                        throw new SiloConfigurationException($"{setting}: cannot open PKCS#12 file '{file}' with {passwordSource}: {e.Message}");
                    }
                    break;
                case X509ContentType.Cert:
                    throw new SiloConfigurationException($"{setting}: '{file}' holds a certificate but no private key; use PKCS#12 or PEM with the key");
                default:
                    throw new SiloConfigurationException($"{setting}: '{file}' is not a certificate (neither PEM nor PKCS#12)");
            }
        }
        if (!certificate.HasPrivateKey)
            throw new SiloConfigurationException($"{setting}: '{file}' holds no private key for its certificate");
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SelectMany(e => e.EnhancedKeyUsages.Cast<Oid>()).Select(o => o.Value).ToHashSet();
        if (usages.Count > 0 && !(usages.Contains(ServerAuthentication) && usages.Contains(ClientAuthentication)))
            throw new SiloConfigurationException($"{setting}: the certificate in '{file}' is not allowed for both TLS server and client authentication (extended key usage needs serverAuth and clientAuth: a silo accepts connections and connects to other silos)");
        return certificate;
    }

    /// <summary>The CA certificates in <paramref name="file"/> (PEM, one or more, or DER).</summary>
    public static X509Certificate2Collection LoadAuthorities(string setting, string file)
    {
        var bytes = Read(setting, file, "CA certificate");
        var authorities = new X509Certificate2Collection();
        try
        {
            if (IsPem(bytes)) authorities.ImportFromPem(Encoding.ASCII.GetString(bytes));
            else authorities.Add(X509CertificateLoader.LoadCertificate(bytes));
        }
        catch (CryptographicException e)
        {
            throw new SiloConfigurationException($"{setting}: '{file}' is not a certificate: {e.Message}");
        }
        if (authorities.Count == 0)
            throw new SiloConfigurationException($"{setting}: '{file}' is not a certificate (no PEM CERTIFICATE block)");
        return authorities;
    }

    /// <summary>The password in <paramref name="file"/>: its first line.</summary>
    public static string LoadPassword(string setting, string file)
    {
        var text = Encoding.UTF8.GetString(Read(setting, file, "password"));
        return text.Split('\n')[0].TrimEnd('\r');
    }

    private static byte[] Read(string setting, string file, string what)
    {
        try
        {
            return File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SiloConfigurationException($"{setting}: {what} file '{file}' does not exist");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SiloConfigurationException($"{setting}: cannot read {what} file '{file}': {e.Message}");
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
            // OpenSSL cannot even tell what it is.
            return X509ContentType.Unknown;
        }
    }

    private static bool IsPem(byte[] bytes) => Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 4096)).Contains("-----BEGIN ", StringComparison.Ordinal);
}
