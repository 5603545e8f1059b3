using System.Net;

namespace LstmActors.Client.Cluster;

/// <summary>Which cluster a command talks to: gateways of a running one, or an embedded one started in this process.</summary>
/// <param name="Gateways">Gateway endpoints (empty when embedded).</param>
/// <param name="ClusterId">Cluster id the silos were started with (checked in every connection's hello).</param>
/// <param name="EmbeddedSilos">Silos to start in this process; 0 to connect to <paramref name="Gateways"/> instead.</param>
/// <param name="SecretFile">File with the cluster secret (else <c>LSTMACTORS_SECRET</c> if set; an embedded cluster makes its own).</param>
/// <param name="Tls">TLS to the gateways; null: plain connections.</param>
public sealed record ClusterTarget(IReadOnlyList<IPEndPoint> Gateways, string ClusterId, int EmbeddedSilos, string? SecretFile = null, ClientTls? Tls = null)
{
    /// <summary>The environment variable a secret comes from when no file is named (as for the silo).</summary>
    public const string SecretVariable = "LSTMACTORS_SECRET";

    /// <summary>Whether the cluster is started in this process.</summary>
    public bool IsEmbedded => EmbeddedSilos > 0;

    /// <summary>The target as a user would write it.</summary>
    public override string ToString() => IsEmbedded
        ? $"embedded cluster of {EmbeddedSilos} silo{(EmbeddedSilos == 1 ? "" : "s")}"
        : $"gateway {string.Join(", ", Gateways)}";
}
