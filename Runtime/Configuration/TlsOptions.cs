namespace LstmActors.Runtime.Configuration;

/// <summary>
/// Optional TLS under the cluster-secret handshake (encrypts every frame). A silo serves the certificate of
/// <see cref="CertificatePath"/>; every dialling side (silo or client) accepts a remote certificate only if its
/// SHA-256 thumbprint is that certificate's or one of <see cref="PinnedThumbprints"/>.
/// </summary>
public sealed class TlsOptions
{
    /// <summary>Whether connections use TLS (every silo and client of a cluster must agree).</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Silo: its certificate with private key, a PKCS#12 file (.pfx/.p12, no password) or a PEM file holding
    /// certificate and key. Client: the certificate to trust (PFX, PEM or DER); may be omitted when pinning thumbprints.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>SHA-256 thumbprints (hex) of further certificates a remote side may present.</summary>
    public List<string> PinnedThumbprints { get; } = [];
}
