using LstmActors.Client.Live;

namespace LstmActors.Client.Tests;

public sealed class LatencyRecorderTests
{
    [Fact]
    public void Quantiles_fall_within_one_bucket_of_the_true_value()
    {
        var recorder = new LatencyRecorder();
        // 1..1000 ms: the median is 500 ms, the 99th percentile 990 ms.
        for (var ms = 1; ms <= 1000; ms++) recorder.Record(TimeSpan.FromMilliseconds(ms));

        Assert.Equal(1000, recorder.Count);
        var bucket = Math.Pow(2, 1.0 / 8); // 8 buckets per doubling
        Assert.InRange(recorder.Quantile(0.5).TotalMilliseconds, 500, 500 * bucket);
        Assert.InRange(recorder.Quantile(0.99).TotalMilliseconds, 990, 990 * bucket);
    }

    [Fact]
    public void An_empty_recorder_reports_zero()
    {
        Assert.Equal(TimeSpan.Zero, new LatencyRecorder().Quantile(0.99));
    }
}
