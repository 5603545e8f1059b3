using System.Diagnostics;
using System.Globalization;

namespace LstmActors.Grains.Bench;

/// <summary>
/// What the process spent over a measurement: CPU, bytes allocated and garbage-collection pauses and counts, per tick.
/// CPU per tick stays meaningful when other work shares the machine; GC pauses are where tail latency usually hides.
/// </summary>
internal sealed class ProcessFigures
{
    private readonly TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly long _allocated = GC.GetTotalAllocatedBytes();
    private readonly TimeSpan _paused = GC.GetTotalPauseDuration();
    private readonly int _gen0 = GC.CollectionCount(0), _gen1 = GC.CollectionCount(1), _gen2 = GC.CollectionCount(2);
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>The figures since this object was made, for <paramref name="ticks"/> ticks.</summary>
    public string Since(long ticks)
    {
        double elapsed = _clock.Elapsed.TotalMilliseconds;
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - _cpu).TotalMicroseconds;
        double paused = (GC.GetTotalPauseDuration() - _paused).TotalMilliseconds;
        return string.Create(CultureInfo.InvariantCulture,
            $"cpu_us_per_tick={cpu / ticks:F2} alloc_bytes_per_tick={(double)(GC.GetTotalAllocatedBytes() - _allocated) / ticks:F0} " +
            $"gc_pause_pct={100 * paused / elapsed:F1} gc_counts={GC.CollectionCount(0) - _gen0}/{GC.CollectionCount(1) - _gen1}/{GC.CollectionCount(2) - _gen2}");
    }
}
