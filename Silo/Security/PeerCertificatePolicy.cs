using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LstmActors.Silo.Security;

/// <summary>
/// Which certificates a silo accepts from the other end of a connection (a silo or a client): one that chains to one of
/// <paramref name="authorities"/>, or whose SHA-256 thumbprint is one of <paramref name="pins"/>. Host names are not checked:
/// Orleans connects by address without a TLS target host, and the CA is the cluster's own.
/// </summary>
/// <param name="authorities">CA certificates to trust (only these, not the machine's store).</param>
/// <param name="pins">SHA-256 thumbprints, upper-case hexadecimal without separators.</param>
public sealed class PeerCertificatePolicy(X509Certificate2Collection authorities, IReadOnlyCollection<string> pins)
{
    /// <summary>True when <paramref name="certificate"/> is pinned or chains to a trusted CA (<paramref name="presented"/> may add intermediates).</summary>
    public bool Accepts(X509Certificate2 certificate, X509Chain? presented)
    {
        if (pins.Contains(certificate.GetCertHashString(HashAlgorithmName.SHA256))) return true;
        if (authorities.Count == 0) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        // A private CA publishes no revocation lists.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements.Skip(1)) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        return chain.Build(certificate);
    }
}
