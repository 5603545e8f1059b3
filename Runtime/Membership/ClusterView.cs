using LstmActors.Runtime.Activation;
using LstmActors.Runtime.Invocation;

namespace LstmActors.Runtime.Membership;

/// <summary>
/// The active silos as one silo sees them, and placement over them: rendezvous hashing (the silo with the highest
/// hash of grain id and silo wins), so a membership change moves only the grains of the silos that came or went.
/// </summary>
internal sealed class ClusterView
{
    private readonly ulong[] _siloHashes;

    public ClusterView(IEnumerable<SiloAddress> silos, int version)
    {
        Silos = silos.OrderBy(s => s.ToString(), StringComparer.Ordinal).ToArray();
        _siloHashes = Silos.Select(s => StableHash.Hash64(s.ToString())).ToArray();
        Version = version;
    }

    public static ClusterView Empty { get; } = new([], 0);

    public IReadOnlyList<SiloAddress> Silos { get; }

    /// <summary>The membership table version this view was read at.</summary>
    public int Version { get; }

    public SiloAddress? OwnerOf(GrainId grainId)
    {
        SiloAddress? owner = null;
        ulong best = 0;
        for (int i = 0; i < _siloHashes.Length; i++)
        {
            ulong score = StableHash.Mix(grainId.PlacementHash ^ _siloHashes[i]);
            if (owner is null || score > best)
            {
                best = score;
                owner = Silos[i];
            }
        }
        return owner;
    }

    public bool SameSilos(ClusterView other) => Silos.SequenceEqual(other.Silos);

    public override string ToString() => $"v{Version} [{string.Join(", ", Silos)}]";
}
