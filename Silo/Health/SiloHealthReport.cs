using LstmActors.Runtime.Membership;

namespace LstmActors.Silo.Health;

/// <summary>What <c>/health/ready</c> and <c>/health</c> answer: this silo's standing, the membership it reads, the view it holds and its activations.</summary>
/// <param name="SiloName">This silo's name (the membership table's host name column).</param>
/// <param name="Silo">This silo's address, or null before it has a row in the table.</param>
/// <param name="Status">This silo's status in the table, or null before it has a row.</param>
/// <param name="Ready">True when the host has started, is not stopping, and the table says Active.</param>
/// <param name="TableVersion">The membership table version read.</param>
/// <param name="Silos">Every silo of the cluster as the table holds it.</param>
public sealed record SiloHealthReport(
    string SiloName,
    string? Silo,
    string? Status,
    bool Ready,
    int TableVersion,
    IReadOnlyList<SiloHealthMember> Silos)
{
    /// <summary>The membership view this silo's agent holds in memory (what it routes by), or null when not read.</summary>
    public SiloHealthView? HeldView { get; init; }

    /// <summary>Live activations on this silo per grain class (full type name); empty when not read.</summary>
    public IReadOnlyDictionary<string, int> Activations { get; init; } = new Dictionary<string, int>();

    /// <summary>Builds the report from a table snapshot read at <paramref name="now"/>.</summary>
    public static SiloHealthReport From(string siloName, bool hostRunning, MembershipTableData table, DateTimeOffset now)
    {
        var self = table.Rows.Select(r => r.Entry).Where(e => e.HostName == siloName).MaxBy(e => e.Silo.Generation);
        var members = table.Rows.Select(r => r.Entry)
            .OrderBy(e => e.Silo.ToString(), StringComparer.Ordinal)
            .Select(e => new SiloHealthMember(e.Silo.ToString(), e.Status.ToString(), e.GatewayPort, e.HostName,
                (long)(now - e.IAmAliveTime).TotalMilliseconds, e.Suspicions.Count))
            .ToArray();
        return new SiloHealthReport(siloName, self?.Silo.ToString(), self?.Status.ToString(),
            hostRunning && self?.Status == SiloStatus.Active, table.Version.Version, members);
    }
}

/// <summary>One silo of the membership table, as the health report shows it.</summary>
/// <param name="Silo">Address and generation.</param>
/// <param name="Status">Joining, Active, ShuttingDown or Dead.</param>
/// <param name="GatewayPort">The silo's client gateway port.</param>
/// <param name="HostName">The silo's name.</param>
/// <param name="HeartbeatAgeMs">Milliseconds since its last IAmAlive write.</param>
/// <param name="Suspicions">How many votes suspect it.</param>
public sealed record SiloHealthMember(string Silo, string Status, int GatewayPort, string HostName, long HeartbeatAgeMs, int Suspicions);

/// <summary>The membership view a silo holds in memory, as the health report shows it.</summary>
/// <param name="Version">The membership table version the view was read at.</param>
/// <param name="Silos">The active silos of the view (address and generation), sorted.</param>
public sealed record SiloHealthView(int Version, IReadOnlyList<string> Silos);
