namespace LstmActors.Runtime.Management;

/// <summary>A silo's own status, answered on that silo: key it by the silo address's text.</summary>
public interface ISiloStatusGrain : IGrainWithStringKey
{
    /// <summary>The status of the silo this activation lives on.</summary>
    Task<SiloStatusReport> GetStatus();
}
