using System.Threading.Tasks.Sources;

namespace LstmActors.Grains.Batching;

/// <summary>
/// One submission of a <see cref="StepRequest"/>: what the series awaits until the batcher has run all its steps. New
/// for every run, so the awaiting series' state machine is stored in a new object, never in the long-lived request: a
/// new object stored into an old one is a card every garbage collection scans, once per series that stepped since the
/// previous one, while the batcher keeps its tickets in a few shared arrays.
/// </summary>
internal sealed class StepTicket : IValueTaskSource
{
    // The batcher thread completes; the series' continuation must not run on it: it is posted to the series'
    // activation with a callback made once (the core would make a new delegate for every post), or else queued.
    private static readonly Action<object?> s_postToContext = static s => ((StepTicket)s!).PostToContext();
    private static readonly SendOrPostCallback s_runContinuation = static s => ((StepTicket)s!).RunContinuation();

    private ManualResetValueTaskSourceCore<bool> _completion = new() { RunContinuationsAsynchronously = true };
    private SynchronizationContext? _context;
    private Action<object?>? _continuation;
    private object? _continuationState;

    /// <summary>A ticket for one run of <paramref name="request"/>.</summary>
    public StepTicket(StepRequest request) => Request = request;

    /// <summary>The steps to run.</summary>
    public StepRequest Request { get; }

    /// <summary>Ends when every step ran (or the batcher failed).</summary>
    public ValueTask Completion => new(this, _completion.Version);

    /// <summary>Marks the run done.</summary>
    public void Complete() => _completion.SetResult(true);

    /// <summary>Marks the run failed.</summary>
    public void Fail(Exception error) => _completion.SetException(error);

    void IValueTaskSource.GetResult(short token) => _completion.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _completion.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        var context = (flags & ValueTaskSourceOnCompletedFlags.UseSchedulingContext) != 0 ? SynchronizationContext.Current : null;
        if (context is null || context.GetType() == typeof(SynchronizationContext))
        {
            _completion.OnCompleted(continuation, state, token, flags);
            return;
        }
        _context = context;
        _continuation = continuation;
        _continuationState = state;
        // Posting is cheap and never runs the series here, so the core may call it on the batcher thread.
        _completion.RunContinuationsAsynchronously = false;
        _completion.OnCompleted(s_postToContext, this, token, flags & ~ValueTaskSourceOnCompletedFlags.UseSchedulingContext);
    }

    private void PostToContext() => _context!.Post(s_runContinuation, this);

    private void RunContinuation()
    {
        // Let go of the series' state machine: the ticket may stay reachable a while (a queue slot, an awaiter).
        var continuation = _continuation!;
        var state = _continuationState;
        _context = null;
        _continuation = null;
        _continuationState = null;
        continuation(state);
    }
}
