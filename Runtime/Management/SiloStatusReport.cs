namespace LstmActors.Runtime.Management;

/// <summary>One silo's in-memory status as the management grain reports it.</summary>
/// <param name="Silo">The silo's address (host:port@generation).</param>
/// <param name="IsRunning">True between start and the beginning of shutdown.</param>
/// <param name="ViewVersion">The membership table version of the view the silo holds.</param>
/// <param name="ActiveSilos">The active silos of that view.</param>
/// <param name="Activations">Live activations on the silo per grain class (full type name).</param>
public sealed record SiloStatusReport(string Silo, bool IsRunning, int ViewVersion, IReadOnlyList<string> ActiveSilos, IReadOnlyDictionary<string, int> Activations);
