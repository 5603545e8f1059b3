using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LstmActors.Runtime.Configuration;

namespace LstmActors.Runtime.Security;

/// <summary>Wraps a connection's stream in TLS: serves the configured certificate, accepts remote certificates by <see cref="RemoteCertificatePolicy"/>.</summary>
internal sealed class TlsTransport
{
    private readonly X509Certificate2? _certificate;
    private readonly RemoteCertificatePolicy _policy;
    private readonly string? _expectedHostName;

    private TlsTransport(X509Certificate2? certificate, RemoteCertificatePolicy policy, string? expectedHostName)
    {
        _certificate = certificate;
        _policy = policy;
        _expectedHostName = expectedHostName;
    }

    /// <summary>Null when TLS is off; loads every configured file now (a silo needs its private key), so bad settings fail at start.</summary>
    public static TlsTransport? Create(TlsOptions options, bool serves)
    {
        if (!options.Enabled) return null;
        var certificate = options.CertificatePath is null ? null : TlsCertificateFiles.LoadCertificate(options, needsKey: serves);
        if (serves && certificate is null) throw new TlsConfigurationException("CertificatePath", "TlsOptions.Enabled on a silo needs TlsOptions.CertificatePath (its certificate with private key).");
        var authorities = options.CertificateAuthorityPath is { } ca ? TlsCertificateFiles.LoadAuthorities(ca) : null;
        var pinned = options.PinnedThumbprints.Select(t => t.Replace(":", "", StringComparison.Ordinal).ToUpperInvariant()).ToHashSet();
        // Without a CA every silo serves the same certificate, so a silo trusts its own; with a CA each has its own and the CA decides.
        if (certificate is not null && authorities is null) pinned.Add(certificate.GetCertHashString(HashAlgorithmName.SHA256));
        if (pinned.Count == 0 && authorities is null)
            throw new TlsConfigurationException("CertificateAuthorityPath", "TlsOptions.Enabled needs something to trust: CertificatePath, PinnedThumbprints or CertificateAuthorityPath.");
        var policy = new RemoteCertificatePolicy(pinned, authorities, authorities is null ? null : Path.GetFullPath(options.CertificateAuthorityPath!), options.CheckRevocation);
        return new TlsTransport(certificate, policy, options.ExpectedHostName);
    }

    /// <summary>Runs the TLS handshake as client (<paramref name="initiator"/>) or server and returns the encrypted stream.</summary>
    public async Task<Stream> AuthenticateAsync(Stream inner, bool initiator, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        if (!initiator)
        {
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, cancellationToken).ConfigureAwait(false);
            return ssl;
        }
        var expectedHost = _expectedHostName ?? DialledHost(inner);
        string? refusal = null;
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = expectedHost,
                RemoteCertificateValidationCallback = (_, remote, chain, _) => (refusal = _policy.Refusal(remote, chain, expectedHost)) is null,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (AuthenticationException e) when (refusal is not null)
        {
            throw new AuthenticationException($"TLS: remote {refusal}", e);
        }
        return ssl;
    }

    /// <summary>The address this side connected to: a gateway's for a client, the target silo's advertised address for a silo.</summary>
    private static string DialledHost(Stream inner)
    {
        if (inner is NetworkStream { Socket.RemoteEndPoint: IPEndPoint remote })
            return (remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address).ToString();
        throw new InvalidOperationException("TLS: cannot tell which host was dialled; set TlsOptions.ExpectedHostName.");
    }
}
