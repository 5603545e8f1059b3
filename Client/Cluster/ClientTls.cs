namespace LstmActors.Client.Cluster;

/// <summary>
/// Mutual TLS to the gateways as the command line gave it: the client's certificate, and how gateway certificates are
/// trusted (a CA file, pinned thumbprints, or both: either suffices).
/// </summary>
/// <param name="CertificateFile">The client's certificate with its key (PEM with both, or PKCS#12).</param>
/// <param name="Password">Password of an encrypted key or PKCS#12 file, and where it came from (for messages); null: none.</param>
/// <param name="CaFile">CA certificate(s) (PEM or DER) a gateway certificate may chain to; null: pins only.</param>
/// <param name="Pins">SHA-256 thumbprints of gateway certificates accepted as they are.</param>
/// <param name="ExpectedHost">Name a CA-validated certificate must carry; null: the gateway address dialled.</param>
public sealed record ClientTls(string CertificateFile, (string Value, string Source)? Password, string? CaFile, IReadOnlyList<string> Pins, string? ExpectedHost);
