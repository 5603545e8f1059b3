using LstmActors.Runtime.Invocation;
using LstmActors.Runtime.Serialization;

namespace LstmActors.Runtime.Messaging;

/// <summary>One grain call in memory: target, method, arguments (by reference) and where the outcome goes.</summary>
internal sealed class Message(GrainInterfaceInfo grainInterface, GrainMethod method, string key, object?[] arguments, ResponseSink sink, int forwardCount)
    : IOutgoingFrame
{
    public GrainInterfaceInfo Interface { get; } = grainInterface;

    public GrainMethod Method { get; } = method;

    public string Key { get; } = key;

    public object?[] Arguments { get; } = arguments;

    /// <summary>Where the outcome goes; replaced by a relay when a call that came off the wire is sent on.</summary>
    public ResponseSink Sink { get; set; } = sink;

    /// <summary>How many silos already passed this call on.</summary>
    public int ForwardCount { get; set; } = forwardCount;

    public void Write(FrameWriter writer)
    {
        Protocol.WriteHeader(writer, MessageKind.Request, Sink.RequestId);
        writer.WriteInt32(Interface.Id);
        writer.WriteVarUInt64((ulong)Method.Index);
        writer.WriteByte((byte)ForwardCount);
        writer.WriteString(Key);
        Method.WriteArguments(writer, Arguments);
    }

    public void OnWriteFailed(Exception exception) => Sink.Fail(exception);
}
