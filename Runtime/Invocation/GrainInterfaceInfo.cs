namespace LstmActors.Runtime.Invocation;

/// <summary>A registered grain interface: stable id, methods in wire order and the factory of its proxy type.</summary>
internal sealed class GrainInterfaceInfo(Type type, int id, GrainMethod[] methods, Func<GrainReference> createProxy)
{
    public Type Type { get; } = type;

    /// <summary>Stable across processes: a hash of the interface's full name.</summary>
    public int Id { get; } = id;

    public GrainMethod[] Methods { get; } = methods;

    public GrainReference CreateReference(string key, IGrainCaller caller)
    {
        var reference = createProxy();
        reference.Initialize(this, key, caller);
        return reference;
    }
}
