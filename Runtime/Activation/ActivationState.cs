namespace LstmActors.Runtime.Activation;

/// <summary>Life cycle of one activation.</summary>
internal enum ActivationState
{
    Activating,
    Valid,
    Deactivating,
    Invalid,
}
