using LstmActors.Runtime.Messaging;
using LstmActors.Runtime.Serialization;

namespace LstmActors.Runtime.Invocation;

/// <summary>Receives the outcome of one request exactly once: a result, an exception, a wire response or a timeout.</summary>
internal abstract class ResponseSink
{
    private int _completed;

    /// <summary>Correlates the wire response with this request (0 for calls that never left the silo).</summary>
    public long RequestId { get; set; }

    /// <summary>When the caller gives up (Environment.TickCount64 milliseconds).</summary>
    public long DeadlineMs { get; set; }

    /// <summary>The connection the request went out on, if any: closing it fails the request at once.</summary>
    public Connection? Connection { get; set; }

    /// <summary>The table that times this request out, if it is registered in one.</summary>
    public PendingRequests? Registry { get; set; }

    /// <summary>Neighbours in the registry's list of pending requests (guarded by the registry's lock).</summary>
    public ResponseSink? OlderPending { get; set; }

    /// <inheritdoc cref="OlderPending"/>
    public ResponseSink? NewerPending { get; set; }

    /// <summary>Linked into the registry's list (guarded by the registry's lock).</summary>
    public bool IsPending { get; set; }

    /// <summary>An outcome was delivered (or claimed).</summary>
    public bool IsCompleted => Volatile.Read(ref _completed) != 0;

    /// <summary>Claims the right to complete; only the first caller gets true (and unregisters the request).</summary>
    protected bool TryClaim()
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0) return false;
        Registry?.Remove(this);
        return true;
    }

    public abstract void Complete(object? result);

    public abstract void Fail(Exception exception);

    /// <summary>Completes from a response frame (result or error) read off a connection.</summary>
    public abstract void CompleteFromWire(MessageKind kind, FrameReader reader);

    /// <summary>What was called, for timeout and error messages.</summary>
    public abstract string Describe();
}
