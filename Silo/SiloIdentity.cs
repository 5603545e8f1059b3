namespace LstmActors.Silo;

/// <summary>How this silo process is named in the membership table, and whether it was given a secret.</summary>
/// <param name="SiloName">Unique name of this silo process (machine and process id).</param>
/// <param name="HasSecret">Whether a cluster secret was configured.</param>
public sealed record SiloIdentity(string SiloName, bool HasSecret);
