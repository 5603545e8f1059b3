using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LstmActors.Runtime.Security;

/// <summary>
/// Decides whether a dialling side accepts the certificate a silo presents. Either suffices: a pinned thumbprint
/// (the operator trusts that exact certificate, as before), or a chain to a configured CA that is within its validity
/// period and names the expected host in its subject alternative names.
/// </summary>
internal sealed class RemoteCertificatePolicy(HashSet<string> pinned, X509Certificate2Collection? authorities, string? authorityPath, bool checkRevocation)
{
    /// <summary>The TLS server-authentication purpose (id-kp-serverAuth) a CA-validated certificate must allow.</summary>
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    /// <summary>Null when <paramref name="remote"/> is accepted, otherwise why not (for the log line).</summary>
    public string? Refusal(X509Certificate? remote, X509Chain? presented, string expectedHost)
    {
        if (remote is null) return "the silo presented no certificate";
        var certificate = remote as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(remote.GetRawCertData());
        var thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        if (pinned.Contains(thumbprint)) return null;
        var described = $"'{certificate.Subject}' (issuer '{certificate.Issuer}', SHA-256 {thumbprint})";
        if (authorities is null) return $"certificate {described} is not pinned (TlsOptions.PinnedThumbprints, CertificatePath)";

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = checkRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck;
        chain.ChainPolicy.RevocationFlag = X509RevocationFlag.ExcludeRoot;
        chain.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);
        // Intermediates the silo sent along with its certificate.
        if (presented is not null)
            foreach (var element in presented.ChainElements) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        if (!chain.Build(certificate))
        {
            var statuses = string.Join("; ", chain.ChainStatus.Select(s => $"{s.Status}: {s.StatusInformation.Trim()}"));
            return $"certificate {described} is not pinned and does not validate against the CA of TlsOptions.CertificateAuthorityPath '{authorityPath}': {statuses}";
        }
        if (!certificate.MatchesHostname(expectedHost, allowWildcards: true, allowCommonName: false))
            return $"certificate {described} chains to the CA but does not name '{expectedHost}' in its subject alternative names (the dialled host, or TlsOptions.ExpectedHostName)";
        return null;
    }
}
