using LstmActors.Runtime.Invocation;

namespace LstmActors.Runtime.Activation;

/// <summary>Identity of a grain in the cluster: grain type (the class's full name) and key.</summary>
internal sealed class GrainId(string type, string key) : IEquatable<GrainId>
{
    private readonly int _hashCode = HashCode.Combine(type, key);

    public string Type { get; } = type;

    public string Key { get; } = key;

    /// <summary>Process-independent hash used for placement.</summary>
    public ulong PlacementHash { get; } = StableHash.Mix(StableHash.Hash64(type) * 31 + StableHash.Hash64(key));

    public bool Equals(GrainId? other) => other is not null && other.Key == Key && other.Type == Type;

    public override bool Equals(object? obj) => Equals(obj as GrainId);

    public override int GetHashCode() => _hashCode;

    public override string ToString() => $"{Type}/{Key}";
}
