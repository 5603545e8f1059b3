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
    // The batcher thread completes; the series' continuation must not run on it. The core queues it to the scheduler
    // captured when the series awaited: Orleans' activation task scheduler, so the series' turn goes on in its grain.
    private ManualResetValueTaskSourceCore<bool> _completion = new() { RunContinuationsAsynchronously = true };

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

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);
}
