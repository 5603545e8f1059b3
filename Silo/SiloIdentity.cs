namespace LstmActors.Silo;

/// <summary>How this silo process is named in the membership table, and where its cluster secret came from.</summary>
/// <param name="SiloName">Unique name of this silo process (machine and process id).</param>
/// <param name="SecretSource">Where the cluster secret was read from; null when connections are not authenticated.</param>
public sealed record SiloIdentity(string SiloName, string? SecretSource);
