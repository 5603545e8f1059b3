using System.Collections.Concurrent;
using LstmActors.Runtime.Invocation;

namespace LstmActors.Runtime.Messaging;

/// <summary>Requests awaiting a response, by request id: correlation of responses, timeouts, and failure when a connection drops.</summary>
internal sealed class PendingRequests : IDisposable
{
    private readonly ConcurrentDictionary<long, ResponseSink> _pending = new();
    private readonly TimeSpan _timeout;
    private readonly Timer _sweeper;
    private long _nextId;

    public PendingRequests(TimeSpan timeout)
    {
        _timeout = timeout;
        // Sweep often enough that a call fails within about a tenth of its timeout after the deadline.
        var period = TimeSpan.FromMilliseconds(Math.Clamp(timeout.TotalMilliseconds / 10, 5, 1000));
        _sweeper = new Timer(static s => ((PendingRequests)s!).ExpireOverdue(), this, period, period);
    }

    /// <summary>Registers a request; <paramref name="timeoutFactor"/> stretches the deadline (relays leave the timeout to the original caller).</summary>
    public void Register(ResponseSink sink, int timeoutFactor = 1)
    {
        sink.RequestId = Interlocked.Increment(ref _nextId);
        sink.DeadlineMs = Environment.TickCount64 + (long)_timeout.TotalMilliseconds * timeoutFactor;
        sink.Registry = this;
        _pending[sink.RequestId] = sink;
    }

    public void Remove(long requestId) => _pending.TryRemove(requestId, out _);

    public bool TryGet(long requestId, out ResponseSink sink) => _pending.TryGetValue(requestId, out sink!);

    private void ExpireOverdue()
    {
        long now = Environment.TickCount64;
        foreach (var (_, sink) in _pending)
        {
            if (now > sink.DeadlineMs)
                sink.Fail(new TimeoutException($"Response did not arrive on time in {_timeout} for {sink.Describe()}."));
        }
    }

    /// <summary>Fails every request that went out on <paramref name="connection"/> (it closed).</summary>
    public void FailSentOn(Connection connection, string reason)
    {
        foreach (var (_, sink) in _pending)
        {
            if (sink.Connection == connection)
                sink.Fail(new SiloUnavailableException($"Connection to {connection} closed before {sink.Describe()} answered: {reason}"));
        }
    }

    /// <summary>Fails every pending request (the runtime is going away).</summary>
    public void FailAll(string reason)
    {
        foreach (var (_, sink) in _pending) sink.Fail(new SiloUnavailableException($"{sink.Describe()} was abandoned: {reason}"));
    }

    public void Dispose() => _sweeper.Dispose();
}
