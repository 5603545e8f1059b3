namespace LstmActors.Runtime.Management;

/// <summary>Cluster-wide diagnostics (Orleans' management grain); use the key <see cref="Key"/>.</summary>
public interface IManagementGrain : IGrainWithStringKey
{
    /// <summary>The key of the one management grain.</summary>
    const string Key = "management";

    /// <summary>The status of every silo in the view of the silo hosting this grain, asked of each silo itself, sorted by address.</summary>
    Task<IReadOnlyList<SiloStatusReport>> GetSilos();
}
