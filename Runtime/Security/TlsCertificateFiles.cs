using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using LstmActors.Runtime.Configuration;

namespace LstmActors.Runtime.Security;

/// <summary>
/// Reads the certificate files of <see cref="TlsOptions"/> at start-up. Every failure (missing file, wrong password,
/// no private key, not a certificate) throws a message naming the setting and the file, so it never waits for a connection.
/// </summary>
internal static class TlsCertificateFiles
{
    /// <summary>The certificate of <see cref="TlsOptions.CertificatePath"/>; <paramref name="needsKey"/> for a silo, which serves it.</summary>
    public static X509Certificate2 LoadCertificate(TlsOptions options, bool needsKey)
    {
        var path = ExistingFile(options.CertificatePath!, "CertificatePath");
        var extension = Path.GetExtension(path).ToLowerInvariant();
        X509Certificate2 certificate;
        if (extension is ".pfx" or ".p12")
        {
            var (password, source) = Password(options);
            try
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
            }
            catch (CryptographicException e)
            {
                throw new TlsConfigurationException("CertificatePath", $"TlsOptions.CertificatePath: cannot open PKCS#12 file '{path}' with {source} (wrong password?): {e.Message}", e);
            }
        }
        else
        {
            try
            {
                certificate = needsKey ? X509Certificate2.CreateFromPemFile(path) : X509CertificateLoader.LoadCertificateFromFile(path);
            }
            catch (CryptographicException e)
            {
                var expected = needsKey ? "a PEM file with certificate and unencrypted private key" : "a PEM or DER certificate";
                throw new TlsConfigurationException("CertificatePath", $"TlsOptions.CertificatePath: '{path}' is not {expected}: {e.Message}", e);
            }
        }
        if (needsKey && !certificate.HasPrivateKey)
            throw new TlsConfigurationException("CertificatePath", $"TlsOptions.CertificatePath: certificate file '{path}' has no private key; a silo needs one to serve TLS.");
        return certificate;
    }

    /// <summary>The CA certificates of <see cref="TlsOptions.CertificateAuthorityPath"/>: PEM (one or several) or one DER certificate.</summary>
    public static X509Certificate2Collection LoadAuthorities(string configuredPath)
    {
        var path = ExistingFile(configuredPath, "CertificateAuthorityPath");
        var authorities = new X509Certificate2Collection();
        try
        {
            var bytes = File.ReadAllBytes(path);
            if (bytes.AsSpan().IndexOf("-----BEGIN "u8) >= 0) authorities.ImportFromPem(Encoding.ASCII.GetString(bytes));
            else authorities.Add(X509CertificateLoader.LoadCertificate(bytes));
        }
        catch (CryptographicException e)
        {
            throw new TlsConfigurationException("CertificateAuthorityPath", $"TlsOptions.CertificateAuthorityPath: '{path}' is not a PEM or DER certificate: {e.Message}", e);
        }
        if (authorities.Count == 0)
            throw new TlsConfigurationException("CertificateAuthorityPath", $"TlsOptions.CertificateAuthorityPath: '{path}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
        return authorities;
    }

    private static string ExistingFile(string path, string setting)
    {
        var full = Path.GetFullPath(path);
        return File.Exists(full) ? full : throw new TlsConfigurationException(setting, $"TlsOptions.{setting}: file '{full}' does not exist.");
    }

    /// <summary>The PKCS#12 password and where it came from; a file or a variable, never the command line.</summary>
    private static (string? Password, string Source) Password(TlsOptions options)
    {
        if (options.CertificatePasswordFile is { } file)
        {
            var path = ExistingFile(file, "CertificatePasswordFile");
            return (File.ReadAllText(path).TrimEnd(), $"the password from TlsOptions.CertificatePasswordFile '{path}'");
        }
        if (options.CertificatePasswordVariable is { } variable)
        {
            var value = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrEmpty(value))
                throw new TlsConfigurationException("CertificatePasswordVariable", $"TlsOptions.CertificatePasswordVariable: environment variable '{variable}' is not set or empty.");
            return (value, $"the password from environment variable '{variable}' (TlsOptions.CertificatePasswordVariable)");
        }
        return (null, "no password (set TlsOptions.CertificatePasswordFile or CertificatePasswordVariable)");
    }
}
