namespace LstmActors.Runtime;

/// <summary>Lets the activation interleave turns of any of its calls at await points (still one thread at a time).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ReentrantAttribute : Attribute;

/// <summary>On a grain interface method: its calls interleave with any other turn of the activation.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute;

/// <summary>Grain class whose activations are local to the calling silo, up to <see cref="MaxLocalWorkers"/> per silo, created on demand.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class StatelessWorkerAttribute(int maxLocalWorkers = -1) : Attribute
{
    /// <summary>Most activations per silo; -1 means one per processor.</summary>
    public int MaxLocalWorkers { get; } = maxLocalWorkers;
}

/// <summary>On a grain constructor parameter of type <see cref="IPersistentState{TState}"/>: the state's name and storage provider.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    /// <summary>Name of the state within the grain (part of the storage key).</summary>
    public string StateName { get; } = stateName;

    /// <summary>Name of the grain storage provider; null means the default one.</summary>
    public string? StorageName { get; } = storageName;
}

/// <summary>Grain class whose key is a silo address (<see cref="Membership.SiloAddress"/>'s text): its activation lives on that silo and never moves.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class PlacedOnKeySiloAttribute : Attribute;
