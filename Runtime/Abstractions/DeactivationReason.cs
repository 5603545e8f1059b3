namespace LstmActors.Runtime;

/// <summary>Why an activation is being deactivated (Orleans' DeactivationReasonCode).</summary>
public enum DeactivationReasonCode
{
    /// <summary>The grain called DeactivateOnIdle.</summary>
    ApplicationRequested,
    /// <summary>Idle longer than the collection age.</summary>
    ActivationIdle,
    /// <summary>The silo is shutting down gracefully.</summary>
    ShuttingDown,
    /// <summary>Membership changed and placement now puts the grain on another silo.</summary>
    PlacementChanged,
}

/// <summary>Reason code and human-readable description of a deactivation.</summary>
public readonly record struct DeactivationReason(DeactivationReasonCode ReasonCode, string Description)
{
    /// <inheritdoc />
    public override string ToString() => $"{ReasonCode}: {Description}";
}
