using LstmActors.Cluster.TestSilo;
using LstmActors.Runtime;

namespace LstmActors.Cluster.Tests.Load;

/// <summary>What the client knows of one counter grain: its last acknowledged count and who answered.</summary>
/// <param name="Key">The grain key.</param>
/// <param name="Acknowledged">The count returned by the last call that succeeded.</param>
/// <param name="ProcessId">The silo process that answered it.</param>
/// <param name="AcksSinceMark">Successful calls since <see cref="CounterLoad.Mark"/>.</param>
public sealed record CounterProgress(string Key, int Acknowledged, int ProcessId, int AcksSinceMark);

/// <summary>
/// One caller per counter grain, each calling Increment in a loop through the cluster client until stopped. Each
/// acknowledged count must be above the previous one and at most one above it plus the calls that failed in between
/// (a failed call may or may not have been applied); anything else is recorded as a violation.
/// </summary>
public sealed class CounterLoad : IAsyncDisposable
{
    // A failed call is retried after this pause, so a caller cut off by a kill does not spin on the 2 cores the silos need.
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(100);

    private readonly Counter[] _counters;
    private readonly Task[] _callers;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _violations = [];
    private readonly Lock _lock = new();
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CounterLoad(IClusterClient client, IReadOnlyList<string> keys)
    {
        _counters = keys.Select(k => new Counter(k)).ToArray();
        _callers = _counters.Select(c => Task.Run(() => CallAsync(client.GetGrain<ICounterGrain>(c.Key), c))).ToArray();
    }

    /// <summary>Starts one caller per key.</summary>
    public static CounterLoad Start(IClusterClient client, IReadOnlyList<string> keys) => new(client, keys);

    /// <summary>Acknowledged counts that broke the rule above, one line each.</summary>
    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_lock) return _violations.ToArray();
        }
    }

    /// <summary>Calls that failed (retried), in total.</summary>
    public int Failures
    {
        get
        {
            lock (_lock) return _counters.Sum(c => c.Failures);
        }
    }

    /// <summary>The latest error of a failed call, if any.</summary>
    public string? LastError { get; private set; }

    /// <summary>Every grain's progress now.</summary>
    public IReadOnlyList<CounterProgress> Snapshot()
    {
        lock (_lock) return _counters.Select(c => new CounterProgress(c.Key, c.Acknowledged, c.ProcessId, c.AcksSinceMark)).ToArray();
    }

    /// <summary>Restarts every grain's <see cref="CounterProgress.AcksSinceMark"/> from zero.</summary>
    public void Mark()
    {
        lock (_lock)
        {
            foreach (var counter in _counters) counter.AcksSinceMark = 0;
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds over the progress, re-checking at every acknowledgement.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<CounterProgress>, bool> condition, TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task progress;
            lock (_lock) progress = _progress.Task;
            if (condition(Snapshot())) return;
            try
            {
                await progress.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                var stuck = Snapshot().Where(p => p.AcksSinceMark == 0).Select(p => p.Key).Take(10);
                throw new TimeoutException($"Not reached within {timeout}: {what}. Grains without an acknowledgement since the mark: {string.Join(", ", stuck)}; last error: {LastError}");
            }
        }
    }

    private async Task CallAsync(ICounterGrain grain, Counter counter)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var reply = await grain.Increment();
                TaskCompletionSource progress;
                lock (_lock)
                {
                    if (reply.Count <= counter.Acknowledged || reply.Count > counter.Acknowledged + 1 + counter.FailuresSinceAck)
                        _violations.Add($"{counter.Key}: acknowledged {reply.Count} (pid {reply.ProcessId}) after {counter.Acknowledged} (pid {counter.ProcessId}) with {counter.FailuresSinceAck} failed calls between");
                    counter.Acknowledged = reply.Count;
                    counter.ProcessId = reply.ProcessId;
                    counter.FailuresSinceAck = 0;
                    counter.AcksSinceMark++;
                    progress = _progress;
                    _progress = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                progress.TrySetResult();
            }
            catch (Exception e)
            {
                lock (_lock)
                {
                    counter.FailuresSinceAck++;
                    counter.Failures++;
                }
                LastError = $"{e.GetType().Name}: {e.Message}";
                try
                {
                    await Task.Delay(RetryPause, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Stops every caller after its current call.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_callers);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private sealed class Counter(string key)
    {
        public string Key { get; } = key;
        public int Acknowledged { get; set; }
        public int ProcessId { get; set; }
        public int FailuresSinceAck { get; set; }
        public int Failures { get; set; }
        public int AcksSinceMark { get; set; }
    }
}
