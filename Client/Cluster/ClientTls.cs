namespace LstmActors.Client.Cluster;

/// <summary>How the client trusts gateway certificates over TLS: a CA file, pinned thumbprints, or both (either suffices).</summary>
/// <param name="CaFile">CA certificate (PEM or DER) a gateway certificate must chain to; null: pins only.</param>
/// <param name="Pins">SHA-256 thumbprints of gateway certificates accepted as they are.</param>
/// <param name="ExpectedHost">Name a CA-validated certificate must carry; null: the gateway address dialled.</param>
public sealed record ClientTls(string? CaFile, IReadOnlyList<string> Pins, string? ExpectedHost);
