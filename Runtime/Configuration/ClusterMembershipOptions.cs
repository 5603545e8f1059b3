namespace LstmActors.Runtime.Configuration;

/// <summary>Heartbeats, direct and indirect probes, suspicion votes and death declaration (Orleans' ClusterMembershipOptions).</summary>
public sealed class ClusterMembershipOptions
{
    /// <summary>How often a silo writes its IAmAlive time and re-reads the table.</summary>
    public TimeSpan IAmAliveTablePublishTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A silo whose IAmAlive time is older than this many periods counts as a missed-probe suspicion for every observer.</summary>
    public int NumMissedTableIAmAliveLimit { get; set; } = 3;

    /// <summary>How many peers each silo pings directly (its successors on the ring of active silos; Orleans' classic default 3).</summary>
    public int NumProbedSilos { get; set; } = 3;

    /// <summary>Probe period, and how long a ping may take before it counts as missed (Orleans' classic default 10 s).</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Missed probes in a row after which the prober votes the peer suspect (Orleans' default 3).</summary>
    public int NumMissedProbesLimit { get; set; } = 3;

    /// <summary>
    /// Before voting, ask other active silos (intermediaries) to ping the suspect; if one reaches it, the prober does not
    /// vote, since the fault is likely the path between prober and suspect (Orleans' default true).
    /// </summary>
    public bool EnableIndirectProbes { get; set; } = true;

    /// <summary>Fresh votes from distinct silos that declare a silo dead (Orleans' default 2), capped by the number of live voters.</summary>
    public int NumVotesForDeathDeclaration { get; set; } = 2;

    /// <summary>Votes older than this no longer count (Orleans' default 2 minutes).</summary>
    public TimeSpan DeathVoteExpirationTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A joining silo pings the active silos before it becomes active and gives up if none answers (Orleans' ValidateInitialConnectivity).</summary>
    public bool ValidateInitialConnectivity { get; set; } = true;
}
