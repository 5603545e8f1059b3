using System.ComponentModel;

namespace LstmActors.Runtime.Invocation;

/// <summary>
/// Base class of the grain call proxies emitted once per grain interface: each interface method packs its
/// arguments and calls one of the protected Invoke methods with its method index. Cheap to create and to pass in calls.
/// </summary>
public abstract class GrainReference : IAddressable, IEquatable<GrainReference>
{
    /// <summary>Initialized by the runtime right after construction.</summary>
    protected GrainReference()
    {
    }

    internal GrainInterfaceInfo Interface { get; private set; } = null!;

    internal string Key { get; private set; } = null!;

    internal IGrainCaller Caller { get; private set; } = null!;

    /// <summary>Routing data a silo caches on the reference (grain id, class, last activation) to skip lookups on later calls.</summary>
    internal object? RouteCache { get; set; }

    internal void Initialize(GrainInterfaceInfo grainInterface, string key, IGrainCaller caller)
    {
        Interface = grainInterface;
        Key = key;
        Caller = caller;
    }

    private ResponseCompletion<T> Send<T>(int methodIndex, object?[] arguments)
    {
        var method = Interface.Methods[methodIndex];
        var completion = new ResponseCompletion<T>(method, this);
        Caller.SendRequest(this, method, arguments, completion);
        return completion;
    }

    /// <summary>Sends a call to a method returning Task.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected Task InvokeTask(int methodIndex, object?[] arguments)
    {
        var completion = Send<object>(methodIndex, arguments);
        return new ValueTask(completion, completion.Version).AsTask();
    }

    /// <summary>Sends a call to a method returning Task&lt;T&gt;.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected Task<T> InvokeTask<T>(int methodIndex, object?[] arguments)
    {
        var completion = Send<T>(methodIndex, arguments);
        return new ValueTask<T>(completion, completion.Version).AsTask();
    }

    /// <summary>Sends a call to a method returning ValueTask.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected ValueTask InvokeValueTask(int methodIndex, object?[] arguments)
    {
        var completion = Send<object>(methodIndex, arguments);
        return new ValueTask(completion, completion.Version);
    }

    /// <summary>Sends a call to a method returning ValueTask&lt;T&gt;.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected ValueTask<T> InvokeValueTask<T>(int methodIndex, object?[] arguments)
    {
        var completion = Send<T>(methodIndex, arguments);
        return new ValueTask<T>(completion, completion.Version);
    }

    /// <inheritdoc />
    public bool Equals(GrainReference? other) => other is not null && other.Interface == Interface && other.Key == Key;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as GrainReference);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Interface.Id, Key);

    /// <inheritdoc />
    public override string ToString() => $"{Interface.Type.Name}/{Key}";
}
