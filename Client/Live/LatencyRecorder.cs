namespace LstmActors.Client.Live;

/// <summary>Tick-to-prediction latencies in a fixed log-scale histogram (1 µs to ~1 min), safe to record from many tasks.</summary>
public sealed class LatencyRecorder
{
    // 8 buckets per doubling keeps quantiles within ~9 % of the true value without storing samples.
    private const int BucketsPerDoubling = 8;
    private const int Buckets = 26 * BucketsPerDoubling;
    private readonly long[] _counts = new long[Buckets];
    private long _total;

    /// <summary>Latencies recorded so far.</summary>
    public long Count => Interlocked.Read(ref _total);

    /// <summary>Records one latency.</summary>
    public void Record(TimeSpan latency)
    {
        var micros = Math.Max(1.0, latency.TotalMicroseconds);
        var bucket = (int)Math.Min(Buckets - 1, Math.Log2(micros) * BucketsPerDoubling);
        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Increment(ref _total);
    }

    /// <summary>The latency below which <paramref name="quantile"/> of the recorded ones fall (upper edge of its bucket); zero when empty.</summary>
    public TimeSpan Quantile(double quantile)
    {
        var total = Count;
        if (total == 0) return TimeSpan.Zero;
        var rank = (long)Math.Ceiling(quantile * total);
        long seen = 0;
        for (var b = 0; b < Buckets; b++)
        {
            seen += Interlocked.Read(ref _counts[b]);
            if (seen >= rank) return TimeSpan.FromMicroseconds(Math.Pow(2, (b + 1.0) / BucketsPerDoubling));
        }
        return TimeSpan.FromMicroseconds(Math.Pow(2, (double)Buckets / BucketsPerDoubling));
    }
}
