using System.Diagnostics;
using System.Globalization;

namespace LstmActors.Grains.Bench;

/// <summary>
/// How often this machine does not run a ready thread: one thread per core reads the clock in a tight loop (no
/// allocation, so no GC) and counts the gaps between reads. On a VM the host, or kernel work, takes the core now and
/// then; the silo's threads see the same stalls, so they set a floor under its tail latency.
/// </summary>
internal static class MachineStalls
{
    /// <summary>Spins one thread per core for <paramref name="duration"/> and prints the gaps over 1, 2 and 5 ms per second and the longest.</summary>
    public static void Measure(TimeSpan duration)
    {
        int cores = Environment.ProcessorCount;
        var gaps = new (long Over1, long Over2, long Over5, double MaxMs, List<(long Start, long End)> Spans)[cores];
        var threads = Enumerable.Range(0, cores).Select(c => new Thread(() => gaps[c] = Spin(duration)) { Name = $"stall probe {c}" }).ToArray();
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();
        double seconds = duration.TotalSeconds * cores;
        // A gap of probe 0 that overlaps a gap of every other probe: the whole machine stopped, not one core.
        long together = gaps[0].Spans.Count(g => gaps.Skip(1).All(other => other.Spans.Any(o => o.Start < g.End && g.Start < o.End)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"case=machine_stalls threads={cores} gaps_over_1ms_per_s={gaps.Sum(g => g.Over1) / seconds:F1} gaps_over_2ms_per_s={gaps.Sum(g => g.Over2) / seconds:F1} gaps_over_5ms_per_s={gaps.Sum(g => g.Over5) / seconds:F2} longest_gap_ms={gaps.Max(g => g.MaxMs):F2} all_cores_at_once_per_s={together / duration.TotalSeconds:F1}"));
    }

    private static (long, long, long, double, List<(long, long)>) Spin(TimeSpan duration)
    {
        long one = Stopwatch.Frequency / 1000, end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long last = Stopwatch.GetTimestamp(), longest = 0, over1 = 0, over2 = 0, over5 = 0;
        // Sized up front: the loop must not allocate (a GC would show up as a gap).
        var spans = new List<(long, long)>(100_000);
        while (last < end)
        {
            long now = Stopwatch.GetTimestamp(), gap = now - last;
            long previous = last;
            last = now;
            if (gap <= one) continue;
            over1++;
            if (gap > 2 * one) over2++;
            if (gap > 5 * one) over5++;
            longest = Math.Max(longest, gap);
            if (spans.Count < spans.Capacity) spans.Add((previous, now));
        }
        return (over1, over2, over5, longest * 1000.0 / Stopwatch.Frequency, spans);
    }
}
