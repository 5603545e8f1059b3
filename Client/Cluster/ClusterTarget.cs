using System.Net;

namespace LstmActors.Client.Cluster;

/// <summary>Which cluster a command talks to: gateways of a running one, or an embedded one started in this process.</summary>
/// <param name="Gateways">Gateway endpoints (empty when embedded).</param>
/// <param name="ClusterId">Cluster id the silos were started with (a gateway refuses clients of another).</param>
/// <param name="EmbeddedSilos">Silos to start in this process; 0 to connect to <paramref name="Gateways"/> instead.</param>
/// <param name="Tls">Mutual TLS to the gateways; null: plain connections.</param>
/// <param name="Membership">PostgreSQL connection string of the cluster's membership table, where the gateways are found instead of <paramref name="Gateways"/>; null: the gateways given.</param>
public sealed record ClusterTarget(IReadOnlyList<IPEndPoint> Gateways, string ClusterId, int EmbeddedSilos, ClientTls? Tls = null, string? Membership = null)
{
    /// <summary>Whether the cluster is started in this process.</summary>
    public bool IsEmbedded => EmbeddedSilos > 0;

    /// <summary>The target as a user would write it.</summary>
    public override string ToString() =>
        IsEmbedded ? $"embedded cluster of {EmbeddedSilos} silo{(EmbeddedSilos == 1 ? "" : "s")}"
        // The connection string may hold a password: only the cluster is named.
        : Membership is not null ? $"the gateways of cluster {ClusterId} in its PostgreSQL membership table"
        : $"gateway {string.Join(", ", Gateways)}";
}
