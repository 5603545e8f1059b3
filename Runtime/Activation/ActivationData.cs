using System.Collections.Concurrent;
using LstmActors.Runtime.Invocation;
using LstmActors.Runtime.Messaging;
using LstmActors.Runtime.Persistence;
using LstmActors.Runtime.Silos;
using Microsoft.Extensions.Logging;

namespace LstmActors.Runtime.Activation;

/// <summary>
/// One activation of a grain and its scheduler. All of its work (turns, their continuations, timer ticks,
/// activation and deactivation) runs one item at a time on the thread pool: the activation is the
/// SynchronizationContext of its grain code, so awaits inside a turn come back here. A turn starts when no
/// other turn runs, unless the class is [Reentrant] or the method [AlwaysInterleave]; waiting calls start in
/// order of arrival.
/// </summary>
internal sealed class ActivationData : SynchronizationContext, IThreadPoolWorkItem
{
    [ThreadStatic] private static ActivationData? t_constructing;

    // One spare completion batch per thread, not per activation: every completed call stores new objects into the
    // batch's array, and a few arrays shared by all activations are a few cards for a collection to scan, where an
    // array per activation would be one card per activation that answered since the last collection.
    [ThreadStatic] private static List<(ResponseSink Sink, object? Result, Exception? Failure)>? t_spareBatch;

    private static readonly Action<Task, object?> s_turnTaskEnded = static (_, s) => ((Turn)s!).Activation.OnTurnTaskEnded((Turn)s!);
    private static readonly SendOrPostCallback s_endAwaitedTurn = static s => ((Turn)s!).Activation.EndAwaitedTurn((Turn)s!);

    private readonly ConcurrentQueue<Message> _inbox = new();
    private readonly ConcurrentQueue<(SendOrPostCallback Callback, object? State)> _posted = new();
    private readonly Queue<Message> _waiting = new();
    private readonly List<IStateLoader> _states = [];
    private readonly List<GrainTimer> _timers = [];
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Grain? _grain;
    private int _scheduled;
    private int _runningTurns;
    private bool _exclusive;
    private DeactivationReason? _pendingDeactivation;
    private bool _pendingOnlyIfIdle;
    private volatile ActivationState _state = ActivationState.Activating;
    private long _lastActivityMs = Environment.TickCount64;
    private List<(ResponseSink Sink, object? Result, Exception? Failure)>? _batch;
    private bool _executing;

    public ActivationData(GrainId grainId, GrainClassInfo grainClass, Silo silo)
    {
        GrainId = grainId;
        Class = grainClass;
        Silo = silo;
    }

    /// <summary>The activation whose grain is being constructed on this thread (read by the Grain constructor).</summary>
    public static ActivationData? Constructing => t_constructing;

    public GrainId GrainId { get; }

    public GrainClassInfo Class { get; }

    public Silo Silo { get; }

    public ActivationState State => _state;

    public long LastActivityMs => Volatile.Read(ref _lastActivityMs);

    /// <summary>Approximate load, for choosing among stateless workers (read from other threads).</summary>
    public int Load => Volatile.Read(ref _runningTurns) + _inbox.Count;

    /// <summary>Completes when the activation is gone (deactivated, failed to activate, or dropped by a kill).</summary>
    public Task Deactivated => _deactivated.Task;

    public void Start()
    {
        _exclusive = true;
        Post(static s => _ = ((ActivationData)s!).ActivateAsync(), this);
    }

    public void Enqueue(Message message)
    {
        _inbox.Enqueue(message);
        Schedule();
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        _posted.Enqueue((d, state));
        Schedule();
    }

    public override void Send(SendOrPostCallback d, object? state)
        => throw new NotSupportedException("Synchronous Send onto a grain activation would block its turn.");

    public override SynchronizationContext CreateCopy() => this;

    private void Schedule()
    {
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    public void Execute()
    {
        var previous = Current;
        SetSynchronizationContext(this);
        _executing = true;
        bool exhausted = true;
        try
        {
            for (int budget = 256; budget > 0; budget--)
            {
                if (_posted.TryDequeue(out var item))
                {
                    try
                    {
                        item.Callback(item.State);
                    }
                    catch (Exception e)
                    {
                        Silo.Logger.LogError(e, "Work item of {Grain} threw.", GrainId);
                    }
                    continue;
                }
                if (!MakeProgress())
                {
                    exhausted = false;
                    break;
                }
            }
        }
        finally
        {
            _executing = false;
            SetSynchronizationContext(previous);
        }
        var batch = _batch;
        _batch = null;
        // A full fence (not just a release): the emptiness checks below must not be read before the flag is cleared,
        // or an item enqueued meanwhile (whose Schedule saw the flag still set) would never run.
        Interlocked.Exchange(ref _scheduled, 0);
        if (exhausted || !_posted.IsEmpty || !_inbox.IsEmpty) Schedule();
        if (batch is not null) Deliver(batch);
    }

    /// <summary>
    /// Completes the calls whose turns ended in one batch, after the activation let go of the thread: a caller
    /// outside any grain then continues inline here without holding up the activation; grain callers are posted
    /// to their own activations.
    /// </summary>
    private void Deliver(List<(ResponseSink Sink, object? Result, Exception? Failure)> batch)
    {
        foreach (var (sink, result, failure) in batch)
        {
            try
            {
                if (failure is null) sink.Complete(result);
                else sink.Fail(failure);
            }
            catch (Exception e)
            {
                Silo.Logger.LogError(e, "Completing a call of {Grain} threw.", GrainId);
            }
        }
        batch.Clear();
        t_spareBatch ??= batch;
    }

    private void Complete(Message message, object? result, Exception? failure)
    {
        if (_executing) (_batch ??= TakeSpareBatch()).Add((message.Sink, result, failure));
        else Deliver([(message.Sink, result, failure)]);
    }

    private static List<(ResponseSink Sink, object? Result, Exception? Failure)> TakeSpareBatch()
    {
        // Taken, not shared: completing a batch runs callers' code, which may fill another batch on this thread.
        var batch = t_spareBatch ?? [];
        t_spareBatch = null;
        return batch;
    }

    private bool CanInterleave(Message message) => Class.Reentrant || message.Method.AlwaysInterleave;

    private bool CanStart(Message message)
        => !_exclusive && _pendingDeactivation is null && _state == ActivationState.Valid
           && (_runningTurns == 0 || CanInterleave(message));

    /// <summary>Starts a turn, moves an arrival to the waiting queue or begins a deactivation; false when nothing can move.</summary>
    private bool MakeProgress()
    {
        if (_state == ActivationState.Invalid)
        {
            // Calls that reached a finished activation go back through routing (a new activation or another silo).
            bool any = false;
            while (_inbox.TryDequeue(out var late))
            {
                Silo.Reroute(late);
                any = true;
            }
            return any;
        }
        if (_waiting.Count > 0 && CanStart(_waiting.Peek()))
        {
            StartTurn(_waiting.Dequeue());
            return true;
        }
        if (_inbox.TryDequeue(out var message))
        {
            if (CanStart(message) && (_waiting.Count == 0 || CanInterleave(message))) StartTurn(message);
            else _waiting.Enqueue(message);
            return true;
        }
        if (_pendingDeactivation is { } reason && !_exclusive)
        {
            if (_pendingOnlyIfIdle && !IsIdle())
            {
                _pendingDeactivation = null;
                return true;
            }
            if (_runningTurns == 0)
            {
                _pendingDeactivation = null;
                _ = DeactivateAsync(reason);
                return true;
            }
        }
        return false;
    }

    private bool IsIdle() => _runningTurns == 0 && _waiting.Count == 0 && _inbox.IsEmpty
        && Environment.TickCount64 - _lastActivityMs >= (long)Silo.CollectionAge.TotalMilliseconds;

    private void StartTurn(Message message)
    {
        _runningTurns++;
        Task? pending;
        object? result;
        try
        {
            pending = message.Method.Invoker.Invoke(_grain!, message.Arguments, out result);
        }
        catch (Exception e)
        {
            EndTurn(message, null, e);
            return;
        }
        if (pending is null)
        {
            EndTurn(message, result, null);
            return;
        }
        // Run synchronously where the task ends: an await continuation would be queued to the thread pool (the
        // activation's context forbids inlining it) and then posted back here, two hops before the caller hears.
        pending.ContinueWith(s_turnTaskEnded, new Turn(this, message, pending), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// The task of an awaited turn ended. Grain code finishes on its activation, so this usually runs inside
    /// <see cref="Execute"/> and the turn ends at once; a task that ended elsewhere has the end posted here.
    /// </summary>
    private void OnTurnTaskEnded(Turn turn)
    {
        if (Current == this) EndAwaitedTurn(turn);
        else Post(s_endAwaitedTurn, turn);
    }

    private void EndAwaitedTurn(Turn turn)
    {
        var message = turn.Message;
        object? result = null;
        Exception? failure = null;
        try
        {
            result = message.Method.Invoker.ResultOf(turn.Task);
        }
        catch (Exception e)
        {
            failure = e;
        }
        EndTurn(message, result, failure);
    }

    private void EndTurn(Message message, object? result, Exception? failure)
    {
        _runningTurns--;
        Volatile.Write(ref _lastActivityMs, Environment.TickCount64);
        Complete(message, result, failure);
    }

    private async Task ActivateAsync()
    {
        try
        {
            t_constructing = this;
            try
            {
                _grain = Class.Create(Silo.Services, this);
            }
            finally
            {
                t_constructing = null;
            }
            foreach (var state in _states) await state.LoadAsync();
            await _grain.OnActivateAsync(CancellationToken.None);
            _state = ActivationState.Valid;
        }
        catch (Exception e)
        {
            Silo.Logger.LogWarning(e, "Activation of {Grain} failed.", GrainId);
            _state = ActivationState.Invalid;
            Silo.Catalog.Remove(this);
            var failure = new InvalidOperationException($"Activation of grain '{GrainId}' failed: {e.Message}", e);
            while (_waiting.TryDequeue(out var waiting)) Complete(waiting, null, failure);
            while (_inbox.TryDequeue(out var arrived)) Complete(arrived, null, failure);
            _deactivated.TrySetResult();
        }
        finally
        {
            _exclusive = false;
        }
    }

    /// <summary>Asks for deactivation once running turns end; with <paramref name="onlyIfIdle"/> it is dropped if calls arrive meanwhile.</summary>
    public void RequestDeactivation(DeactivationReason reason, bool onlyIfIdle)
    {
        Post(static s =>
        {
            var (activation, reason, onlyIfIdle) = ((ActivationData, DeactivationReason, bool))s!;
            activation.SetPendingDeactivation(reason, onlyIfIdle);
        }, (this, reason, onlyIfIdle));
    }

    private void SetPendingDeactivation(DeactivationReason reason, bool onlyIfIdle)
    {
        if (_state is ActivationState.Deactivating or ActivationState.Invalid) return;
        if (_pendingDeactivation is not null && !_pendingOnlyIfIdle) return;
        _pendingDeactivation = reason;
        _pendingOnlyIfIdle = onlyIfIdle;
    }

    private async Task DeactivateAsync(DeactivationReason reason)
    {
        _exclusive = true;
        _state = ActivationState.Deactivating;
        foreach (var timer in _timers) timer.Dispose();
        _timers.Clear();
        try
        {
            using var timeout = new CancellationTokenSource(Silo.DeactivationTimeout);
            await _grain!.OnDeactivateAsync(reason, timeout.Token).WaitAsync(Silo.DeactivationTimeout);
        }
        catch (Exception e)
        {
            Silo.Logger.LogWarning(e, "OnDeactivateAsync of {Grain} failed ({Reason}).", GrainId, reason);
        }
        _state = ActivationState.Invalid;
        _exclusive = false;
        Silo.Catalog.Remove(this);
        while (_waiting.TryDequeue(out var waiting)) Silo.Reroute(waiting);
        while (_inbox.TryDequeue(out var arrived)) Silo.Reroute(arrived);
        _deactivated.TrySetResult();
    }

    /// <summary>Drops the activation without running OnDeactivateAsync (its silo was killed).</summary>
    public void Abandon()
    {
        _state = ActivationState.Invalid;
        foreach (var timer in _timers.ToArray()) timer.Dispose();
        _deactivated.TrySetResult();
    }

    public IDisposable RegisterTimer(Func<object?, Task> callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new GrainTimer(this, callback, state, dueTime, period);
        _timers.Add(timer);
        return timer;
    }

    /// <summary>Registers a persistent state to be read before OnActivateAsync (called from the grain's constructor).</summary>
    public void AddState(IStateLoader state) => _states.Add(state);

    public override string ToString() => $"activation {GrainId} ({_state})";
}
