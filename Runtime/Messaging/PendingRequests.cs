using System.Collections.Concurrent;
using LstmActors.Runtime.Invocation;

namespace LstmActors.Runtime.Messaging;

/// <summary>
/// Requests awaiting a response: timeouts, failure when a connection drops, and correlation of a response frame with
/// its request. Requests that went out on a connection are in a table by request id; requests delivered to an
/// activation of this silo are in a list linked through the requests themselves, so a call that never leaves the silo
/// allocates no entry and stores no new object into an old table (each such store is a card every garbage collection
/// must scan).
/// </summary>
internal sealed class PendingRequests : IDisposable
{
    private readonly Lock _gate = new();
    private ResponseSink? _oldest, _newest;
    private readonly ConcurrentDictionary<long, ResponseSink> _onWire = new();
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

    /// <summary>
    /// Registers a request before it is routed; <paramref name="timeoutFactor"/> stretches the deadline (relays leave
    /// the timeout to the original caller). It is tracked once routed: <see cref="SentOn"/> or <see cref="DeliveredHere"/>.
    /// </summary>
    public void Register(ResponseSink sink, int timeoutFactor = 1)
    {
        sink.RequestId = Interlocked.Increment(ref _nextId);
        sink.DeadlineMs = Environment.TickCount64 + (long)_timeout.TotalMilliseconds * timeoutFactor;
        sink.Registry = this;
    }

    /// <summary>The request goes to an activation of this silo.</summary>
    public void DeliveredHere(ResponseSink sink)
    {
        lock (_gate)
        {
            if (sink.IsPending) return;
            sink.OlderPending = _newest;
            if (_newest is null) _oldest = sink;
            else _newest.NewerPending = sink;
            _newest = sink;
            sink.IsPending = true;
        }
        // Completed meanwhile (a timeout, a stopping silo): its removal may have looked before it was linked. The
        // fence keeps this read after the link (the completing side fences between its claim and its look).
        Interlocked.MemoryBarrier();
        if (sink.IsCompleted) Remove(sink);
    }

    /// <summary>The request goes out on <paramref name="connection"/>: closing it fails the request, and its response is found by id.</summary>
    public void SentOn(ResponseSink sink, Connection connection)
    {
        sink.Connection = connection;
        _onWire[sink.RequestId] = sink;
        // Completed meanwhile (a timeout, a stopping silo): its removal may have looked before the entry existed.
        if (sink.IsCompleted) _onWire.TryRemove(sink.RequestId, out _);
    }

    public void Remove(ResponseSink sink)
    {
        if (sink.IsPending)
        {
            lock (_gate)
            {
                if (sink.IsPending)
                {
                    if (sink.OlderPending is { } older) older.NewerPending = sink.NewerPending;
                    else _oldest = sink.NewerPending;
                    if (sink.NewerPending is { } newer) newer.OlderPending = sink.OlderPending;
                    else _newest = sink.OlderPending;
                    sink.OlderPending = sink.NewerPending = null;
                    sink.IsPending = false;
                }
            }
        }
        if (sink.Connection is not null) _onWire.TryRemove(sink.RequestId, out _);
    }

    public bool TryGet(long requestId, out ResponseSink sink) => _onWire.TryGetValue(requestId, out sink!);

    private void ExpireOverdue()
    {
        long now = Environment.TickCount64;
        foreach (var sink in Matching(s => now > s.DeadlineMs, local: true))
            sink.Fail(new TimeoutException($"Response did not arrive on time in {_timeout} for {sink.Describe()}."));
    }

    /// <summary>Fails every request that went out on <paramref name="connection"/> (it closed).</summary>
    public void FailSentOn(Connection connection, string reason)
    {
        foreach (var sink in Matching(s => s.Connection == connection, local: false))
            sink.Fail(new SiloUnavailableException($"Connection to {connection} closed before {sink.Describe()} answered: {reason}"));
    }

    /// <summary>Fails every pending request (the runtime is going away).</summary>
    public void FailAll(string reason)
    {
        foreach (var sink in Matching(_ => true, local: true)) sink.Fail(new SiloUnavailableException($"{sink.Describe()} was abandoned: {reason}"));
    }

    /// <summary>The pending requests on the wire (and with <paramref name="local"/> those delivered here) that match; failed by the caller after the lock (failing removes them).</summary>
    private List<ResponseSink> Matching(Func<ResponseSink, bool> match, bool local)
    {
        var found = _onWire.Values.Where(match).ToList();
        if (!local) return found;
        lock (_gate)
        {
            for (var sink = _oldest; sink is not null; sink = sink.NewerPending)
                if (match(sink) && sink.Connection is null) found.Add(sink);
        }
        return found;
    }

    public void Dispose() => _sweeper.Dispose();
}
