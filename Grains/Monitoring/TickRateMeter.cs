using System.Diagnostics;

namespace LstmActors.Grains.Monitoring;

/// <summary>
/// The ticks per second one step batcher ran over its last few seconds, from samples of its step and batch counters
/// that a timer takes (never from the tick path). Keeps the last <see cref="Samples"/> samples in a ring.
/// </summary>
internal sealed class TickRateMeter
{
    /// <summary>How often the silo samples every batcher.</summary>
    public static readonly TimeSpan SamplePeriod = TimeSpan.FromSeconds(1);

    /// <summary>Samples kept: the rate spans the last five sample periods.</summary>
    public const int Samples = 6;

    private readonly (long Time, long Steps, long Batches)[] _ring = new (long, long, long)[Samples];
    private readonly Lock _lock = new();
    private int _count, _next;

    /// <summary>Records the counters as read at <paramref name="timestamp"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void Sample(long timestamp, long steps, long batches)
    {
        lock (_lock)
        {
            _ring[_next] = (timestamp, steps, batches);
            _next = (_next + 1) % Samples;
            _count = Math.Min(_count + 1, Samples);
        }
    }

    /// <summary>
    /// Steps per second between the oldest and newest sample kept, the mean batch size over that interval (null when
    /// no batch ran in it) and the interval itself (zero, and a rate of 0, before two samples were taken).
    /// </summary>
    public (double TicksPerSecond, double? MeanBatchSize, TimeSpan Interval) Read()
    {
        lock (_lock)
        {
            if (_count < 2) return (0, null, TimeSpan.Zero);
            var newest = _ring[(_next + Samples - 1) % Samples];
            var oldest = _ring[(_next + Samples - _count) % Samples];
            var interval = Stopwatch.GetElapsedTime(oldest.Time, newest.Time);
            long steps = newest.Steps - oldest.Steps, batches = newest.Batches - oldest.Batches;
            var rate = interval > TimeSpan.Zero ? steps / interval.TotalSeconds : 0;
            return (rate, batches > 0 ? (double)steps / batches : null, interval);
        }
    }
}
