using LstmActors.Runtime.Membership;

namespace LstmActors.Silo;

/// <summary>What the silo needs to find itself in the membership table after start-up.</summary>
/// <param name="SiloName">Unique name of this silo process (machine and process id).</param>
/// <param name="Membership">The membership table the silo joined.</param>
/// <param name="HasSecret">Whether a cluster secret was configured.</param>
public sealed record SiloIdentity(string SiloName, IMembershipTable Membership, bool HasSecret);
