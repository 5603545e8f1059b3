using System.Diagnostics;
using LstmActors.Client.Live;
using LstmActors.Grains.Series;

namespace LstmActors.Client.Streaming;

/// <summary>
/// Sends ticks to their series grains: each series' ticks in order, one call in flight per series, ticks that queued up
/// meanwhile sent together as one block (ObserveMany); different series run concurrently. At most
/// <c>maxBuffered</c> ticks wait for their answer, which bounds memory and applies back-pressure to the reader.
/// </summary>
internal sealed class TickStreamer
{
    private readonly IGrainFactory _grains;
    private readonly int _maxBlock;
    private readonly int _maxBuffered;
    private readonly Func<TickOutcome, int> _onOutcome;
    private readonly SemaphoreSlim _room;
    private readonly Dictionary<string, SeriesQueue> _series = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _running;
    private TaskCompletionSource? _drained;
    private Exception? _failure;

    /// <param name="grains">Where the series grains are.</param>
    /// <param name="maxBlock">Most ticks per call.</param>
    /// <param name="maxBuffered">Most ticks sent or queued but not yet released by <paramref name="onOutcome"/>.</param>
    /// <param name="onOutcome">Receives every answer; returns how many ticks it is done with (their room is freed).</param>
    public TickStreamer(IGrainFactory grains, int maxBlock, int maxBuffered, Func<TickOutcome, int> onOutcome)
    {
        _grains = grains;
        _maxBlock = maxBlock;
        _maxBuffered = maxBuffered;
        _onOutcome = onOutcome;
        _room = new SemaphoreSlim(maxBuffered, int.MaxValue);
    }

    /// <summary>Call latency as seen by each tick.</summary>
    public LatencyRecorder Latency { get; } = new();

    /// <summary>Queues <paramref name="tick"/>; waits while the buffer is full; throws the first failure of an earlier call.</summary>
    public async ValueTask SendAsync(StreamedTick tick, CancellationToken cancellationToken)
    {
        ThrowIfFailed();
        await _room.WaitAsync(cancellationToken);
        ThrowIfFailed();
        SeriesQueue? start = null;
        lock (_lock)
        {
            if (!_series.TryGetValue(tick.Series, out var queue)) _series[tick.Series] = queue = new SeriesQueue(tick.Series);
            queue.Pending.Enqueue(tick);
            if (!queue.Busy)
            {
                queue.Busy = true;
                _running++;
                start = queue;
            }
        }
        if (start is not null) _ = Task.Run(() => RunAsync(start), CancellationToken.None);
    }

    /// <summary>Waits until every queued tick was answered (or a call failed: then that failure is thrown).</summary>
    public async Task CompleteAsync()
    {
        Task drained;
        lock (_lock)
        {
            if (_running == 0)
            {
                drained = Task.CompletedTask;
            }
            else
            {
                _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                drained = _drained.Task;
            }
        }
        await drained;
        ThrowIfFailed();
    }

    private async Task RunAsync(SeriesQueue queue)
    {
        var grain = _grains.GetGrain<ISeriesGrain>(queue.Series);
        while (true)
        {
            StreamedTick[] block;
            lock (_lock)
            {
                if (_failure is not null || queue.Pending.Count == 0)
                {
                    queue.Busy = false;
                    if (--_running == 0) _drained?.TrySetResult();
                    return;
                }
                block = new StreamedTick[Math.Min(_maxBlock, queue.Pending.Count)];
                for (var i = 0; i < block.Length; i++) block[i] = queue.Pending.Dequeue();
            }
            try
            {
                await SendBlockAsync(grain, block);
            }
            catch (Exception e)
            {
                lock (_lock) _failure ??= GrainErrors.Translate(e, block[0].Origin);
                // Wake senders waiting for room so they see the failure.
                _room.Release(_maxBuffered);
            }
        }
    }

    private async Task SendBlockAsync(ISeriesGrain grain, StreamedTick[] block)
    {
        var started = Stopwatch.GetTimestamp();
        if (block.Length == 1)
        {
            var prediction = await grain.Observe(block[0].Model, block[0].Tick);
            Record(started, 1);
            Deliver(new TickOutcome(block[0], prediction.Values, prediction.Duplicate, prediction.ModelVersion, prediction.Lower ?? [], prediction.Upper ?? [], prediction.Anomaly));
            return;
        }
        var ticks = new Tick[block.Length];
        for (var i = 0; i < block.Length; i++) ticks[i] = block[i].Tick;
        var answer = await grain.ObserveMany(block[0].Model, ticks);
        Record(started, block.Length);
        TickOutcome.OfBlock(block, answer, Deliver);
    }

    private void Record(long started, int ticks)
    {
        var latency = Stopwatch.GetElapsedTime(started);
        for (var i = 0; i < ticks; i++) Latency.Record(latency);
    }

    private void Deliver(TickOutcome outcome)
    {
        var released = _onOutcome(outcome);
        if (released > 0) _room.Release(released);
    }

    private void ThrowIfFailed()
    {
        Exception? failure;
        lock (_lock) failure = _failure;
        if (failure is not null) throw failure;
    }

    private sealed class SeriesQueue(string series)
    {
        public string Series { get; } = series;

        public Queue<StreamedTick> Pending { get; } = new();

        public bool Busy { get; set; }
    }
}
