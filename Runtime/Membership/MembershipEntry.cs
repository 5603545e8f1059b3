namespace LstmActors.Runtime.Membership;

/// <summary>A silo's identity: its endpoint and the incarnation (generation) it was started as.</summary>
public sealed record SiloAddress(string Host, int Port, long Generation)
{
    /// <inheritdoc />
    public override string ToString() => $"{Host}:{Port}@{Generation}";
}

/// <summary>Life cycle of a silo as recorded in the membership table.</summary>
public enum SiloStatus
{
    /// <summary>Started, not yet serving.</summary>
    Joining = 1,
    /// <summary>Serving and heart-beating.</summary>
    Active = 2,
    /// <summary>Leaving gracefully, handing off activations.</summary>
    ShuttingDown = 3,
    /// <summary>Declared dead; an incarnation that comes back must join with a new generation.</summary>
    Dead = 4,
}

/// <summary>One silo's vote that another silo is unresponsive.</summary>
public sealed record SuspicionVote(SiloAddress Voter, DateTimeOffset Time);

/// <summary>One row of the membership table.</summary>
public sealed record MembershipEntry(
    SiloAddress Silo,
    SiloStatus Status,
    int GatewayPort,
    string HostName,
    DateTimeOffset StartTime,
    DateTimeOffset IAmAliveTime,
    IReadOnlyList<SuspicionVote> Suspicions);

/// <summary>The table's version, bumped on every membership change (compare-and-swap token).</summary>
public sealed record TableVersion(int Version, string ETag)
{
    /// <summary>The version to write with the next change.</summary>
    public TableVersion Next() => this with { Version = Version + 1 };
}

/// <summary>A membership row with the etag it was read at.</summary>
public sealed record MembershipRow(MembershipEntry Entry, string ETag);

/// <summary>A consistent snapshot of the membership table.</summary>
public sealed record MembershipTableData(IReadOnlyList<MembershipRow> Rows, TableVersion Version);
