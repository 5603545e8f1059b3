namespace LstmActors.Runtime.Configuration;

/// <summary>
/// Optional TLS under the cluster-secret handshake (encrypts every frame). A silo serves the certificate of
/// <see cref="CertificatePath"/>. A dialling side (silo or client) accepts a remote certificate if it is pinned
/// (its SHA-256 thumbprint is <see cref="CertificatePath"/>'s, when no CA is configured, or one of
/// <see cref="PinnedThumbprints"/>), or if it chains to the CA of <see cref="CertificateAuthorityPath"/>, is within
/// its validity period and names the dialled host (or <see cref="ExpectedHostName"/>) in its subject alternative names.
/// </summary>
public sealed class TlsOptions
{
    /// <summary>Whether connections use TLS (every silo and client of a cluster must agree).</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Silo: its certificate with private key, a PKCS#12 file (.pfx/.p12) or a PEM file holding certificate and
    /// unencrypted key. Client: a certificate to pin (PFX, PEM or DER); may be omitted when pinning thumbprints or using a CA.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>File whose text (trailing white space dropped) is the password of the PKCS#12 <see cref="CertificatePath"/>.</summary>
    public string? CertificatePasswordFile { get; set; }

    /// <summary>Environment variable holding the password of the PKCS#12 <see cref="CertificatePath"/> (used when no password file is set).</summary>
    public string? CertificatePasswordVariable { get; set; }

    /// <summary>SHA-256 thumbprints (hex) of further certificates a remote side may present.</summary>
    public List<string> PinnedThumbprints { get; } = [];

    /// <summary>Trusted CA certificate(s), PEM (one or several) or DER: a remote certificate chaining to one is accepted.</summary>
    public string? CertificateAuthorityPath { get; set; }

    /// <summary>Whether CA-chain validation checks revocation online (CRL/OCSP of the chain, root excluded). Off by default.</summary>
    public bool CheckRevocation { get; set; }

    /// <summary>
    /// Name (DNS or IP) a CA-validated remote certificate must carry in its subject alternative names; when null, the
    /// address dialled: a gateway's address for clients, the advertised address of the target silo for silos.
    /// </summary>
    public string? ExpectedHostName { get; set; }
}
