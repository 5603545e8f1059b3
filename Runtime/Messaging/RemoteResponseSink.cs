using LstmActors.Runtime.Invocation;
using LstmActors.Runtime.Serialization;

namespace LstmActors.Runtime.Messaging;

/// <summary>The silo's side of a call that arrived on a connection: the outcome is written back as a response frame.</summary>
internal sealed class RemoteResponseSink(Connection connection, long requestId, GrainMethod method, string key) : ResponseSink, IOutgoingFrame
{
    private object? _result;
    private Exception? _failure;

    public override void Complete(object? result)
    {
        if (!TryClaim()) return;
        _result = result;
        connection.Send(this);
    }

    public override void Fail(Exception exception)
    {
        if (!TryClaim()) return;
        _failure = exception;
        connection.Send(this);
    }

    public override void CompleteFromWire(MessageKind kind, FrameReader reader)
        => throw new InvalidOperationException("A response sink for a remote caller is never waited on locally.");

    public override string Describe() => $"{method.Name} on grain '{key}' for {connection}";

    public void Write(FrameWriter writer)
    {
        if (_failure is not null)
        {
            Protocol.WriteHeader(writer, MessageKind.Error, requestId);
            CodecProvider.Shared.Get<Exception>().Write(writer, _failure);
            return;
        }
        Protocol.WriteHeader(writer, MessageKind.Response, requestId);
        method.ResultCodec?.WriteObject(writer, _result);
    }

    public void OnWriteFailed(Exception exception)
    {
        if (_failure is not null || connection.IsClosed) return;
        // The result could not be serialized: tell the caller why instead of leaving it to time out.
        _failure = exception;
        connection.Send(this);
    }
}
