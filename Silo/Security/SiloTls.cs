using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LstmActors.Silo.Configuration;

namespace LstmActors.Silo.Security;

/// <summary>The silo's TLS certificate and the certificates it accepts from silos and clients, read from the settings' files.</summary>
/// <param name="Certificate">This silo's certificate with its private key.</param>
/// <param name="Policy">Which certificates the other end of a connection may present.</param>
public sealed record SiloTls(X509Certificate2 Certificate, PeerCertificatePolicy Policy)
{
    /// <summary>
    /// Reads the TLS files <paramref name="settings"/> name; null when no certificate is set (connections are then not
    /// authenticated). <paramref name="environmentPassword"/> is the value of <see cref="SiloSettings.TlsPasswordVariable"/>.
    /// Without a CA or pins, the silo's own certificate is pinned (every silo and client shares it).
    /// </summary>
    public static SiloTls? From(SiloSettings settings, string? environmentPassword)
    {
        const string section = SiloSettings.Section;
        if (settings.TlsCertificate is not { } file)
        {
            if (settings.TlsCaFile is not null || settings.TlsPins.Count > 0 || settings.TlsPasswordFile is not null)
                throw new SiloConfigurationException($"{section}:TlsCertificate: TlsCaFile, TlsPins and TlsPasswordFile need a TLS certificate (--tls-certificate) to serve");
            return null;
        }
        var (password, source) = settings.TlsPasswordFile is { } passwordFile
            ? (TlsFiles.LoadPassword($"{section}:TlsPasswordFile", passwordFile), $"the password from '{passwordFile}'")
            : string.IsNullOrEmpty(environmentPassword) ? ((string?)null, "no password") : (environmentPassword, $"the password from {SiloSettings.TlsPasswordVariable}");
        var certificate = TlsFiles.LoadCertificate($"{section}:TlsCertificate", file, password, source);
        var authorities = settings.TlsCaFile is { } ca ? TlsFiles.LoadAuthorities($"{section}:TlsCaFile", ca) : [];
        IReadOnlyCollection<string> pins = settings.TlsCaFile is null && settings.TlsPins.Count == 0
            ? [certificate.GetCertHashString(HashAlgorithmName.SHA256)]
            : settings.TlsPins.ToHashSet();
        return new SiloTls(certificate, new PeerCertificatePolicy(authorities, pins));
    }
}
