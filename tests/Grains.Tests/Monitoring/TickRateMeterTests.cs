using System.Diagnostics;
using LstmActors.Grains.Monitoring;

namespace LstmActors.Grains.Tests.Monitoring;

public sealed class TickRateMeterTests
{
    private static long At(double seconds) => (long)(seconds * Stopwatch.Frequency);

    [Fact]
    public void Reads_no_rate_before_two_samples()
    {
        var meter = new TickRateMeter();
        Assert.Equal((0, null, TimeSpan.Zero), meter.Read());
        meter.Sample(At(1), 500, 10);
        Assert.Equal((0, null, TimeSpan.Zero), meter.Read());
    }

    [Fact]
    public void Rate_and_mean_batch_span_the_oldest_to_the_newest_sample_kept()
    {
        var meter = new TickRateMeter();
        meter.Sample(At(10), 1_000, 100);
        meter.Sample(At(12), 1_600, 130);

        var (rate, meanBatch, interval) = meter.Read();

        Assert.Equal(300, rate, 6);
        Assert.Equal(20, meanBatch!.Value, 6);
        Assert.Equal(2, interval.TotalSeconds, 6);
    }

    [Fact]
    public void Older_samples_leave_the_ring_so_the_rate_follows_the_recent_load()
    {
        var meter = new TickRateMeter();
        long steps = 0;
        // Ten busy seconds at 1000 steps/s, then the load stops: once the ring holds only idle samples the rate is 0.
        for (var s = 0; s <= 10; s++) meter.Sample(At(s), steps += 1_000, steps / 10);
        Assert.Equal(1_000, meter.Read().TicksPerSecond, 6);
        for (var s = 11; s < 11 + TickRateMeter.Samples; s++)
        {
            meter.Sample(At(s), steps, steps / 10);
            // Positive while the oldest sample kept predates the last busy one (at 10 s).
            Assert.Equal(s - (TickRateMeter.Samples - 1) < 10, meter.Read().TicksPerSecond > 0);
        }
        var (rate, meanBatch, interval) = meter.Read();
        Assert.Equal(0, rate);
        Assert.Null(meanBatch);
        Assert.Equal(TickRateMeter.Samples - 1, interval.TotalSeconds, 6);
    }
}
