using System.Diagnostics;

namespace Runtime.Bench;

/// <summary>Orleans' ConcurrentPing shape: N callers, each awaiting one call after another to its own grain, for a fixed time.</summary>
internal static class ConcurrentPing
{
    private const int SamplesPerCaller = 1 << 16;

    public sealed record Result(string Case, double CallsPerSecond, double P50Microseconds, double P99Microseconds)
    {
        public override string ToString() => $"case={Case} calls_per_s={CallsPerSecond:F0} p50_us={P50Microseconds:F1} p99_us={P99Microseconds:F1}";
    }

    public static async Task<Result> RunAsync(string name, IReadOnlyList<IPingGrain> grains, TimeSpan warmup, TimeSpan duration)
    {
        await RunCallersAsync(grains, warmup, record: false);
        var (calls, elapsed, samples) = await RunCallersAsync(grains, duration, record: true);
        Array.Sort(samples);
        double toMicroseconds = 1_000_000.0 / Stopwatch.Frequency;
        return new Result(name, calls / elapsed.TotalSeconds,
            samples.Length == 0 ? 0 : samples[samples.Length / 2] * toMicroseconds,
            samples.Length == 0 ? 0 : samples[(int)(samples.Length * 0.99)] * toMicroseconds);
    }

    private static async Task<(long Calls, TimeSpan Elapsed, long[] Samples)> RunCallersAsync(IReadOnlyList<IPingGrain> grains, TimeSpan duration, bool record)
    {
        var stop = new StrongBox();
        var buffers = grains.Select(_ => record ? new long[SamplesPerCaller] : []).ToArray();
        var counts = new long[grains.Count];
        var started = Stopwatch.StartNew();
        var callers = grains.Select((grain, i) => Task.Run(async () =>
        {
            var buffer = buffers[i];
            long n = 0;
            while (!stop.Value)
            {
                long start = Stopwatch.GetTimestamp();
                await grain.Run();
                if (n < buffer.Length) buffer[n] = Stopwatch.GetTimestamp() - start;
                n++;
            }
            counts[i] = n;
        })).ToArray();
        await Task.Delay(duration);
        stop.Value = true;
        await Task.WhenAll(callers);
        var elapsed = started.Elapsed;
        var samples = buffers.SelectMany((b, i) => b.Take((int)Math.Min(counts[i], b.Length))).ToArray();
        return (counts.Sum(), elapsed, samples);
    }

    private sealed class StrongBox
    {
        public volatile bool Value;
    }
}
