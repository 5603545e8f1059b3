using LstmActors.Runtime.Membership;

namespace LstmActors.Runtime.Silos;

/// <summary>What this silo holds in memory right now: its address, the membership view its agent holds, its activations.</summary>
public interface ILocalSiloStatus
{
    /// <summary>This silo's address (host, silo port, generation); throws before the silo has started.</summary>
    SiloAddress Address { get; }

    /// <summary>True between start and the beginning of shutdown.</summary>
    bool IsRunning { get; }

    /// <summary>The active silos of the view the membership agent holds (sorted by address).</summary>
    IReadOnlyList<SiloAddress> ActiveSilos { get; }

    /// <summary>The membership table version the held view was read at.</summary>
    int ViewVersion { get; }

    /// <summary>Live activations on this silo per grain class (full type name), stateless workers counted per instance.</summary>
    IReadOnlyDictionary<string, int> ActivationCounts();
}
