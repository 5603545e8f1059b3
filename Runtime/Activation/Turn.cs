using LstmActors.Runtime.Messaging;

namespace LstmActors.Runtime.Activation;

/// <summary>
/// A call whose grain method did not finish at once: its activation, its message and the task the activation waits
/// on. New for every such call: a reused turn would be an old object pointing at each call's new message and task, a
/// card every garbage collection must scan, once per activation.
/// </summary>
internal sealed class Turn(ActivationData activation, Message message, Task task)
{
    public ActivationData Activation { get; } = activation;

    public Message Message { get; } = message;

    public Task Task { get; } = task;
}
