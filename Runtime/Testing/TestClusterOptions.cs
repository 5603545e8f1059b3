using LstmActors.Runtime.Hosting;
using LstmActors.Runtime.Security;
using Microsoft.Extensions.Logging;

namespace LstmActors.Runtime.Testing;

/// <summary>Settings of an in-process <see cref="TestCluster"/>; timings default to fast values for tests.</summary>
public sealed class TestClusterOptions
{
    /// <summary>Silos started by <see cref="TestCluster.StartAsync"/>.</summary>
    public int InitialSilosCount { get; set; } = 2;

    /// <summary>Cluster id (unique per cluster by default).</summary>
    public string ClusterId { get; set; } = $"test-{Guid.NewGuid():N}";

    /// <summary>Heartbeat period of every silo.</summary>
    public TimeSpan IAmAlivePeriod { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Missed heartbeats after which a silo is declared dead (generous: test machines stall under load).</summary>
    public int NumMissedIAmAliveLimit { get; set; } = 10;

    /// <summary>Probe period and ping deadline of every silo.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Missed probes in a row before a suspicion vote (generous for loaded test machines).</summary>
    public int NumMissedProbesLimit { get; set; } = 4;

    /// <summary>
    /// The cluster secret of every silo and the client: a random one per cluster by default, so tests exercise the
    /// handshake; null runs the cluster in development mode (no authentication).
    /// </summary>
    public byte[]? ClusterSecret { get; set; } = Security.ClusterSecret.Random();

    /// <summary>Response timeout of silos and the client.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Extra silo configuration (grain classes, storage, options), applied to every silo.</summary>
    public Action<ISiloBuilder>? ConfigureSilo { get; set; }

    /// <summary>Extra client configuration.</summary>
    public Action<IClientBuilder>? ConfigureClient { get; set; }

    /// <summary>Logging of silos and client (none by default).</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }
}
