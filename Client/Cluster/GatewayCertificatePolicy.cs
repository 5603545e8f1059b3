using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LstmActors.Client.Cluster;

/// <summary>
/// Which gateway certificates the client accepts: a pinned one as it is, or one that chains to a CA of <c>--tls-ca</c>
/// and names the host the connection expects (TLS reports a name mismatch). Remembers why it last refused one, for the
/// error the user sees.
/// </summary>
/// <param name="authorities">CA certificates to trust (only these, not the machine's store).</param>
/// <param name="pins">SHA-256 thumbprints, upper-case hexadecimal.</param>
/// <param name="caFile">The CA file, for messages.</param>
internal sealed class GatewayCertificatePolicy(X509Certificate2Collection authorities, IReadOnlyCollection<string> pins, string? caFile)
{
    private volatile string? _lastRefusal;

    /// <summary>Why the latest refused certificate was refused; null if none was.</summary>
    public string? LastRefusal => _lastRefusal;

    /// <summary>Orleans' remote certificate validator.</summary>
    public bool Accepts(X509Certificate2 certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        var thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        if (pins.Contains(thumbprint)) return true;
        var described = $"the gateway's certificate '{certificate.Subject}' (SHA-256 {thumbprint})";
        if (authorities.Count == 0) return Refuse($"{described} is not pinned (--tls-pin)");
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        // A private CA publishes no revocation lists.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements.Skip(1)) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        if (!chain.Build(certificate))
            return Refuse($"{described} does not chain to the CA of --tls-ca '{caFile}': {string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()))}");
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            return Refuse($"{described} chains to the CA but does not name the gateway address dialled (or --tls-host) in its subject alternative names");
        return true;
    }

    private bool Refuse(string why)
    {
        _lastRefusal = why;
        return false;
    }
}
