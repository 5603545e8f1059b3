namespace LstmActors.Runtime.Configuration;

/// <summary>Which cluster a silo or client belongs to (Orleans' ClusterOptions); connections from another cluster id are refused.</summary>
public sealed class ClusterOptions
{
    /// <summary>Cluster identity, checked in every connection's hello.</summary>
    public string ClusterId { get; set; } = "default";

    /// <summary>Service identity: stays the same across deployments of the same service.</summary>
    public string ServiceId { get; set; } = "default";

    /// <summary>
    /// The shared secret every silo-to-silo and client-to-gateway connection proves knowledge of (HMAC-SHA256
    /// challenge-response; it never crosses the wire). Null is development mode: connections are not authenticated
    /// and a warning is logged at start-up. Load it with UseClusterSecretFile or UseClusterSecretFromEnvironment.
    /// </summary>
    public byte[]? Secret { get; set; }
}
