using LstmActors.Runtime.Activation;

namespace LstmActors.Runtime.Silos;

/// <summary>What a silo learned about a grain reference's target (class, grain id, last activation), cached on the reference.</summary>
internal sealed class SiloRoute(Silo silo, GrainClassInfo grainClass, GrainId grainId)
{
    public Silo Silo { get; } = silo;

    public GrainClassInfo Class { get; } = grainClass;

    public GrainId GrainId { get; } = grainId;

    public ActivationData? Activation { get; set; }
}
