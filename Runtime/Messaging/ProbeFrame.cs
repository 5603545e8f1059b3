using LstmActors.Runtime.Membership;
using LstmActors.Runtime.Serialization;

namespace LstmActors.Runtime.Messaging;

/// <summary>
/// A probe frame between silos: a ping or its pong, or an indirect probe request or its result.
/// <see cref="Answered"/> completes with whether the target answered: true at the pong for a ping, the intermediary's
/// verdict at the result for an indirect probe.
/// </summary>
internal sealed class ProbeFrame(MessageKind kind, long probeId, SiloAddress? target, bool reached) : IOutgoingFrame
{
    public MessageKind Kind { get; } = kind;

    public long ProbeId { get; } = probeId;

    public TaskCompletionSource<bool> Answered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static ProbeFrame Ping(long probeId) => new(MessageKind.Ping, probeId, null, false);

    public static ProbeFrame Pong(long probeId) => new(MessageKind.Pong, probeId, null, false);

    public static ProbeFrame IndirectProbe(long probeId, SiloAddress target) => new(MessageKind.IndirectProbe, probeId, target, false);

    public static ProbeFrame IndirectProbeResult(long probeId, bool reached) => new(MessageKind.IndirectProbeResult, probeId, null, reached);

    public void Write(FrameWriter writer)
    {
        Protocol.WriteHeader(writer, Kind, ProbeId);
        if (Kind == MessageKind.IndirectProbe)
        {
            writer.WriteString(target!.Host);
            writer.WriteInt32(target.Port);
            writer.WriteInt64(target.Generation);
        }
        else if (Kind == MessageKind.IndirectProbeResult)
        {
            writer.WriteBool(reached);
        }
    }

    public void OnWriteFailed(Exception exception) => Answered.TrySetException(exception);

    /// <summary>The target of an indirect probe request; throws <see cref="InvalidDataException"/> on a malformed body.</summary>
    public static SiloAddress ReadTarget(FrameReader body)
    {
        var target = new SiloAddress(body.ReadString() ?? throw new InvalidDataException("an indirect probe without a target host"), body.ReadInt32(), body.ReadInt64());
        if (body.Remaining != 0) throw new InvalidDataException($"{body.Remaining} bytes left after the target of an indirect probe");
        return target;
    }

    /// <summary>The verdict of an indirect probe result; throws <see cref="InvalidDataException"/> on a malformed body.</summary>
    public static bool ReadReached(FrameReader body)
    {
        byte reached = body.ReadByte();
        if (reached > 1 || body.Remaining != 0) throw new InvalidDataException($"an indirect probe result of {body.Remaining + 1} bytes starting with {reached}, expected one byte 0 or 1");
        return reached == 1;
    }
}
