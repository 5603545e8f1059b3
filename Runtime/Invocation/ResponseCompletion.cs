using System.Threading.Tasks.Sources;
using LstmActors.Runtime.Messaging;
using LstmActors.Runtime.Serialization;

namespace LstmActors.Runtime.Invocation;

/// <summary>The caller's side of one call: the awaitable (ValueTask source) that the proxy method returns.</summary>
internal sealed class ResponseCompletion<T> : ResponseSink, IValueTaskSource<T>, IValueTaskSource
{
    private readonly GrainMethod _method;
    private readonly GrainReference _target;

    // A grain caller resumes on its own activation (its captured context). Any other caller resumes inline on
    // the completing thread only for a result delivered by a local activation after its work batch
    // (ActivationData); responses read off a connection and failures continue asynchronously.
    private ManualResetValueTaskSourceCore<T> _core;

    public ResponseCompletion(GrainMethod method, GrainReference target)
    {
        _method = method;
        _target = target;
    }

    public short Version => _core.Version;

    public override void Complete(object? result)
    {
        if (TryClaim()) _core.SetResult(result is null ? default! : (T)result);
    }

    public override void Fail(Exception exception)
    {
        if (!TryClaim()) return;
        // Failures come from timers, closing connections and stopping silos: never continue the caller there.
        _core.RunContinuationsAsynchronously = true;
        _core.SetException(exception);
    }

    public override void CompleteFromWire(MessageKind kind, FrameReader reader)
    {
        // Never run the caller's continuation on a connection's read loop.
        _core.RunContinuationsAsynchronously = true;
        if (kind == MessageKind.Error)
        {
            Fail(CodecProvider.Shared.Get<Exception>().Read(reader));
            return;
        }
        if (_method.ResultCodec is Codec<T> codec)
        {
            var value = codec.Read(reader);
            if (TryClaim()) _core.SetResult(value);
        }
        else Complete(null);
    }

    public override string Describe() => $"{_method.Name} on grain '{_target.Key}'";

    public T GetResult(short token) => _core.GetResult(token);

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);
}
