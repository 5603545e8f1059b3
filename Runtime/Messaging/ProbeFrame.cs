using LstmActors.Runtime.Serialization;

namespace LstmActors.Runtime.Messaging;

/// <summary>A ping (or its pong) between silos; <see cref="Answered"/> completes when the pong for a ping arrives.</summary>
internal sealed class ProbeFrame(MessageKind kind, long probeId) : IOutgoingFrame
{
    public long ProbeId { get; } = probeId;

    public TaskCompletionSource Answered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Write(FrameWriter writer) => Protocol.WriteHeader(writer, kind, ProbeId);

    public void OnWriteFailed(Exception exception) => Answered.TrySetException(exception);
}
