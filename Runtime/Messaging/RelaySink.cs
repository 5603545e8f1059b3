using LstmActors.Runtime.Invocation;
using LstmActors.Runtime.Serialization;

namespace LstmActors.Runtime.Messaging;

/// <summary>Stands for a remote caller's sink while its call is passed on to another silo: relays the outcome back.</summary>
internal sealed class RelaySink(ResponseSink original, GrainMethod method) : ResponseSink
{
    public override void Complete(object? result)
    {
        if (TryClaim()) original.Complete(result);
    }

    public override void Fail(Exception exception)
    {
        if (TryClaim()) original.Fail(exception);
    }

    public override void CompleteFromWire(MessageKind kind, FrameReader reader)
    {
        if (kind == MessageKind.Error) Fail(CodecProvider.Shared.Get<Exception>().Read(reader));
        else Complete(method.ResultCodec?.ReadObject(reader));
    }

    public override string Describe() => original.Describe();
}
