using System.Diagnostics;
using LstmActors.Client.Live;
using LstmActors.Client.Streaming;
using LstmActors.Grains.Series;

namespace LstmActors.Client.Simulation;

/// <summary>
/// Streams simulated series to their grains, one tick at a time per series and all series concurrently, optionally
/// paced to a total rate; every answer is reported with the value that came next.
/// </summary>
internal sealed class FleetRunner(IGrainFactory grains, IReadOnlyList<SimulatedSeries> fleet, Action<FleetObservation> observe)
{
    private long _sent;

    /// <summary>Latency of every tick, from send to prediction.</summary>
    public LatencyRecorder Latency { get; } = new();

    /// <summary>Ticks answered so far.</summary>
    public long Answered => Interlocked.Read(ref _sent);

    /// <summary>A live-view frame: progress, latency and, per kind, its model and its series' online error.</summary>
    public async Task<LiveFrame> ReadFrameAsync(TimeSpan elapsed, long totalTicks)
    {
        var readings = await Task.WhenAll(fleet.GroupBy(s => s.Model)
            .Select(kind => ModelReading.ReadAsync(grains, kind.Key, kind.Select(s => s.Id).ToArray())));
        return new LiveFrame(elapsed, Answered, totalTicks, Latency.Quantile(0.5), Latency.Quantile(0.99), readings);
    }

    /// <summary>
    /// Sends <paramref name="ticks"/> ticks per series (0: until cancelled) at up to <paramref name="rate"/> ticks per
    /// second in total (0: as fast as the cluster answers). A series listed in <paramref name="lastSequences"/> goes on
    /// after that tick number (its grain saw earlier ticks); others start at 1. Returns when done or cancelled.
    /// </summary>
    public async Task RunAsync(long ticks, double rate, CancellationToken cancellationToken, IReadOnlyDictionary<string, long>? lastSequences = null)
    {
        var clock = Stopwatch.StartNew();
        var runs = fleet.Select((series, index) => Task.Run(() => RunSeriesAsync(series, index, ticks, rate, clock,
            lastSequences?.GetValueOrDefault(series.Id) ?? 0, cancellationToken), CancellationToken.None));
        try
        {
            await Task.WhenAll(runs);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by the user: what was answered so far stands.
        }
    }

    private async Task RunSeriesAsync(SimulatedSeries series, int index, long ticks, double rate, Stopwatch clock, long lastSequence, CancellationToken cancellationToken)
    {
        var grain = grains.GetGrain<ISeriesGrain>(series.Id);
        var current = series.Generator.Next();
        for (long k = 0; ticks == 0 || k < ticks; k++)
        {
            var sequence = lastSequence + 1 + k;
            if (rate > 0)
            {
                // Series i's k-th tick is due at (k·N + i) / rate: the fleet as a whole keeps the rate, evenly spread.
                var due = TimeSpan.FromSeconds((k * fleet.Count + index) / rate);
                var wait = due - clock.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken);
            }
            cancellationToken.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            Prediction prediction;
            try
            {
                prediction = await grain.Observe(series.Model, new Tick(sequence, DateTimeOffset.UtcNow, current));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw GrainErrors.Translate(e, $"series '{series.Id}' tick {sequence}");
            }
            Latency.Record(Stopwatch.GetElapsedTime(started));
            Interlocked.Increment(ref _sent);
            var next = series.Generator.Next();
            observe(new FleetObservation(series, sequence, current, prediction.Values, next, prediction.ModelVersion));
            current = next;
        }
    }
}
