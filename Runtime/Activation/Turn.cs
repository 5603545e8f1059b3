using LstmActors.Runtime.Messaging;

namespace LstmActors.Runtime.Activation;

/// <summary>
/// A call whose grain method did not finish at once: its message and the task the activation waits on. An activation
/// keeps its turns for reuse.
/// </summary>
internal sealed class Turn(ActivationData activation)
{
    public ActivationData Activation { get; } = activation;

    public Message? Message { get; set; }

    public Task? Task { get; set; }
}
