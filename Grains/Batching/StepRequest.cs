using System.Threading.Tasks.Sources;

namespace LstmActors.Grains.Batching;

/// <summary>
/// A series' run of consecutive steps handed to the <see cref="StepBatcher"/>: the batcher advances <see cref="Carry"/>
/// by one step per batch, in place, and writes each step's network output. Owned and reused by one series; the series
/// must not touch it until <see cref="Completion"/> ends. Its completion is reusable too, so a step run allocates
/// nothing that outlives it (a new task per run, kept by a long-lived series, would survive into the older GC generations).
/// </summary>
internal sealed class StepRequest : IValueTaskSource
{
    // The batcher thread completes; the series' continuation must not run on it: it is posted to the series'
    // activation with a callback made once (the core would make a new delegate for every post), or else queued.
    private static readonly Action<object?> s_postToContext = static s => ((StepRequest)s!).PostToContext();
    private static readonly SendOrPostCallback s_runContinuation = static s => ((StepRequest)s!).RunContinuation();

    private ManualResetValueTaskSourceCore<bool> _completion = new() { RunContinuationsAsynchronously = true };
    private SynchronizationContext? _context;
    private Action<object?>? _continuation;
    private object? _continuationState;

    /// <summary>A request for a model of <paramref name="features"/> inputs and <paramref name="outputs"/> outputs per step.</summary>
    public StepRequest(int features, int outputs)
    {
        Features = features;
        OutputsPerStep = outputs;
    }

    /// <summary>Inputs per step (F).</summary>
    public int Features { get; }

    /// <summary>Outputs per step (P).</summary>
    public int OutputsPerStep { get; }

    /// <summary>The carry (h, c per layer, laid out layer by layer as [h | c]), advanced in place.</summary>
    public float[] Carry { get; private set; } = [];

    /// <summary>Scaled inputs, (steps, F); with feedback only row 0 is given and later rows are written by the batcher.</summary>
    public float[] Inputs { get; private set; } = [];

    /// <summary>Network outputs, (steps, P).</summary>
    public float[] Outputs { get; private set; } = [];

    /// <summary>Steps asked for.</summary>
    public int Steps { get; private set; }

    /// <summary>Steps done so far (batcher only).</summary>
    public int Done { get; set; }

    /// <summary>When set, each next input is the previous input plus the previous output (times <see cref="FeedbackGains"/>) at these feature indices (forecasting).</summary>
    public int[]? Feedback { get; private set; }

    /// <summary>Per fed-back output, the factor from output units to scaled input units.</summary>
    public float[] FeedbackGains { get; private set; } = [];

    /// <summary>The weights version of the last step run.</summary>
    public int Version { get; set; }

    /// <summary>Ends when every step ran (or the batcher failed); awaited once per <see cref="Prepare"/>.</summary>
    public ValueTask Completion => new(this, _completion.Version);

    /// <summary>Readies the request for <paramref name="steps"/> steps from <paramref name="carry"/>, growing its buffers only when they are too small.</summary>
    public void Prepare(float[] carry, int steps, int[]? feedback = null, float[]? feedbackGains = null)
    {
        if (feedback is not null && feedbackGains?.Length != feedback.Length)
            throw new ArgumentException($"Feedback names {feedback.Length} features but {feedbackGains?.Length ?? 0} gains were given.");
        Carry = carry;
        Steps = steps;
        Done = 0;
        Feedback = feedback;
        FeedbackGains = feedbackGains ?? [];
        if (Inputs.Length < steps * Features) Inputs = new float[Math.Max(steps, 16) * Features];
        if (Outputs.Length < steps * OutputsPerStep) Outputs = new float[Math.Max(steps, 16) * OutputsPerStep];
        _completion.Reset();
    }

    /// <summary>Marks the request done.</summary>
    public void Complete() => _completion.SetResult(true);

    /// <summary>Marks the request failed.</summary>
    public void Fail(Exception error) => _completion.SetException(error);

    void IValueTaskSource.GetResult(short token)
    {
        try
        {
            _completion.GetResult(token);
        }
        finally
        {
            // Drops the awaiting state machine the completion still points to: held until the series' next call, it
            // (with the call's ticks and predictions) would survive every collection in between, once per series.
            _completion.Reset();
        }
    }

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _completion.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        var context = (flags & ValueTaskSourceOnCompletedFlags.UseSchedulingContext) != 0 ? SynchronizationContext.Current : null;
        if (context is null || context.GetType() == typeof(SynchronizationContext))
        {
            _completion.RunContinuationsAsynchronously = true;
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
        var continuation = _continuation!;
        var state = _continuationState;
        _context = null;
        _continuation = null;
        _continuationState = null;
        continuation(state);
    }
}
