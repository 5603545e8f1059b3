namespace LstmActors.Runtime.Configuration;

/// <summary>Heartbeats and failure detection (Orleans' ClusterMembershipOptions).</summary>
public sealed class ClusterMembershipOptions
{
    /// <summary>How often a silo writes its IAmAlive time and re-reads the table.</summary>
    public TimeSpan IAmAliveTablePublishTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A silo whose IAmAlive time is older than this many periods is declared dead by the others.</summary>
    public int NumMissedTableIAmAliveLimit { get; set; } = 3;
}
