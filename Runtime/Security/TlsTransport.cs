using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LstmActors.Runtime.Configuration;

namespace LstmActors.Runtime.Security;

/// <summary>Wraps a connection's stream in TLS: serves the configured certificate, accepts only pinned remote certificates.</summary>
internal sealed class TlsTransport
{
    /// <summary>Name the dialling side asks for; certificates are checked by thumbprint, not by host name.</summary>
    private const string TargetHost = "lstmactors";
    private readonly X509Certificate2? _certificate;
    private readonly HashSet<string> _trusted;

    private TlsTransport(X509Certificate2? certificate, HashSet<string> trusted)
    {
        _certificate = certificate;
        _trusted = trusted;
    }

    /// <summary>Null when TLS is off; loads the certificate (a silo needs its private key) and the pinned thumbprints.</summary>
    public static TlsTransport? Create(TlsOptions options, bool serves)
    {
        if (!options.Enabled) return null;
        X509Certificate2? certificate = null;
        if (options.CertificatePath is { } path)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"TLS certificate file '{Path.GetFullPath(path)}' does not exist.", path);
            certificate = Load(path, serves);
        }
        if (serves && certificate is null) throw new InvalidOperationException("TlsOptions.Enabled on a silo needs TlsOptions.CertificatePath (its certificate with private key).");
        var trusted = options.PinnedThumbprints.Select(t => t.Replace(":", "", StringComparison.Ordinal).ToUpperInvariant()).ToHashSet();
        if (certificate is not null) trusted.Add(certificate.GetCertHashString(HashAlgorithmName.SHA256));
        if (trusted.Count == 0) throw new InvalidOperationException("TlsOptions.Enabled needs a CertificatePath or PinnedThumbprints to trust.");
        return new TlsTransport(certificate, trusted);
    }

    private static X509Certificate2 Load(string path, bool needsKey)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        var certificate = extension is ".pfx" or ".p12"
            ? X509CertificateLoader.LoadPkcs12FromFile(path, null)
            : needsKey ? X509Certificate2.CreateFromPemFile(path) : X509CertificateLoader.LoadCertificateFromFile(path);
        if (needsKey && !certificate.HasPrivateKey)
            throw new InvalidOperationException($"TLS certificate file '{Path.GetFullPath(path)}' has no private key; a silo needs one to serve TLS.");
        return certificate;
    }

    /// <summary>Runs the TLS handshake as client (<paramref name="initiator"/>) or server and returns the encrypted stream.</summary>
    public async Task<Stream> AuthenticateAsync(Stream inner, bool initiator, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        if (initiator)
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = TargetHost,
                RemoteCertificateValidationCallback = (_, remote, _, _) => remote is not null && _trusted.Contains(remote.GetCertHashString(HashAlgorithmName.SHA256)),
            }, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, cancellationToken).ConfigureAwait(false);
        }
        return ssl;
    }
}
