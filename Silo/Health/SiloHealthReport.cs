namespace LstmActors.Silo.Health;

/// <summary>What <c>/health/ready</c> and <c>/health</c> answer: this silo's standing in Orleans' membership view, every member of that view, and this silo's activations.</summary>
/// <param name="SiloName">This silo's name (machine and process id).</param>
/// <param name="Silo">This silo's address (<c>SiloAddress.ToParsableString()</c>: address, port and generation).</param>
/// <param name="Status">This silo's status in the view (Created, Joining, Active, ShuttingDown, Stopping, Dead), or null before it is in it.</param>
/// <param name="Ready">True when the host has started, is not stopping, and the view says this silo is Active.</param>
/// <param name="MembershipVersion">The version of the membership view read.</param>
/// <param name="Silos">Every silo of the view, sorted by address.</param>
/// <param name="Activations">Live activations on this silo per grain type, as Orleans' management grain counts them.</param>
public sealed record SiloHealthReport(
    string SiloName,
    string Silo,
    string? Status,
    bool Ready,
    long MembershipVersion,
    IReadOnlyList<SiloHealthMember> Silos,
    IReadOnlyDictionary<string, int> Activations);

/// <summary>One silo of the membership view, as the health report shows it.</summary>
/// <param name="Silo">Address, port and generation (<c>SiloAddress.ToParsableString()</c>).</param>
/// <param name="Status">Its status in the view.</param>
/// <param name="Name">Its silo name.</param>
public sealed record SiloHealthMember(string Silo, string Status, string Name);
