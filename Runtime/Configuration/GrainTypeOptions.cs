namespace LstmActors.Runtime.Configuration;

/// <summary>The grain classes a silo hosts (Orleans' GrainTypeOptions); validated at start-up.</summary>
public sealed class GrainTypeOptions
{
    /// <summary>Grain classes (concrete subclasses of Grain implementing grain interfaces).</summary>
    public HashSet<Type> Classes { get; } = [];
}
