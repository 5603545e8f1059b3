using System.Diagnostics;
using LstmActors.Grains.Series;

namespace LstmActors.Cluster.Tests.Load;

/// <summary>
/// Streams ticks to many series through an Orleans client in rounds: round t sends tick t to every series at once and
/// ends when every one is acknowledged; rounds start at most one per <c>interval</c>, so the load is paced (a tight
/// loop on 2 cores starves Orleans' own timers and gets silos voted dead). A call that fails is sent again with the
/// same tick (a series acknowledges a tick it has seen without applying it twice) until it is acknowledged; a tick the
/// series rejects stops the stream.
/// </summary>
public sealed class SeriesStream : IAsyncDisposable
{
    // A failed call is sent again after this pause, so callers cut off by a membership change do not spin on the 2 cores.
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(100);

    private readonly IClusterClient _client;
    private readonly string _model;
    private readonly IReadOnlyList<string> _series;
    private readonly TimeSpan _interval;
    private readonly List<float[]>[] _predictions;
    private readonly List<long>[] _acknowledgedAt;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly int? _rounds;
    private readonly long _firstTick;
    private TaskCompletionSource _roundDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _run = Task.CompletedTask;
    private int _retries;
    private int _duplicates;

    private SeriesStream(IClusterClient client, string model, IReadOnlyList<string> series, TimeSpan interval, int? rounds, long firstTick)
    {
        _client = client;
        _model = model;
        _series = series;
        _interval = interval;
        _rounds = rounds;
        _firstTick = firstTick;
        _predictions = series.Select(_ => new List<float[]>()).ToArray();
        _acknowledgedAt = series.Select(_ => new List<long>()).ToArray();
    }

    /// <summary>Starts streaming rounds from tick <paramref name="firstTick"/>, one per <paramref name="interval"/> at most, until <see cref="StopAsync"/>.</summary>
    public static SeriesStream Start(IClusterClient client, string model, IReadOnlyList<string> series, TimeSpan interval, long firstTick = 0)
    {
        var stream = new SeriesStream(client, model, series, interval, null, firstTick);
        stream._run = Task.Run(stream.RunAsync);
        return stream;
    }

    /// <summary>Streams exactly <paramref name="rounds"/> rounds as fast as they are answered and returns the stream with its predictions.</summary>
    public static async Task<SeriesStream> RunAsync(IClusterClient client, string model, IReadOnlyList<string> series, int rounds)
    {
        var stream = new SeriesStream(client, model, series, TimeSpan.Zero, rounds, 0);
        await stream.RunAsync();
        return stream;
    }

    /// <summary>The raw features of tick <paramref name="t"/> of series number <paramref name="series"/>: a noisy sine, different per series.</summary>
    public static float[] Features(int series, long t)
    {
        var amplitude = 1 + series % 7;
        var noise = (series * 31 + t * 17) % 11 / 10f;
        return [(float)(20 + amplitude * Math.Sin(0.3 * t + series)) + noise];
    }

    /// <summary>Rounds every series has acknowledged.</summary>
    public int RoundsCompleted { get; private set; }

    /// <summary>Calls that failed and were sent again.</summary>
    public int Retries => Volatile.Read(ref _retries);

    /// <summary>Answers that said the tick had been seen already (a retry of a tick applied before its answer was lost).</summary>
    public int Duplicates => Volatile.Read(ref _duplicates);

    /// <summary>The latest error of a failed call, if any.</summary>
    public string? LastError { get; private set; }

    /// <summary>Predictions series number <paramref name="series"/> answered, one per acknowledged tick.</summary>
    public IReadOnlyList<float[]> Predictions(int series)
    {
        lock (_lock) return _predictions[series].ToArray();
    }

    /// <summary>The first moment (a <see cref="Stopwatch"/> timestamp) after <paramref name="since"/> at which series number <paramref name="series"/> acknowledged a tick, if it has.</summary>
    public long? FirstAcknowledgedAfter(int series, long since)
    {
        lock (_lock) return _acknowledgedAt[series].Where(t => t > since).Cast<long?>().FirstOrDefault();
    }

    /// <summary>Waits until <paramref name="rounds"/> rounds are complete; throws if the stream failed or after <paramref name="timeout"/>.</summary>
    public async Task WaitForRoundsAsync(int rounds, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task roundDone;
            lock (_lock) roundDone = _roundDone.Task;
            if (RoundsCompleted >= rounds) return;
            if (_run.IsCompleted)
            {
                await _run;
                throw new InvalidOperationException($"The stream ended after {RoundsCompleted} rounds, before {rounds}.");
            }
            try
            {
                await Task.WhenAny(roundDone, _run).WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{RoundsCompleted} of {rounds} rounds within {timeout}; {Retries} retries, last error: {LastError}");
            }
        }
    }

    private async Task RunAsync()
    {
        var pace = Stopwatch.StartNew();
        for (long t = _firstTick; !_stop.IsCancellationRequested && (_rounds is null || t < _firstTick + _rounds); t++)
        {
            var tick = t;
            var answers = await Task.WhenAll(_series.Select((id, i) => ObserveAsync(i, new Tick(tick, DateTimeOffset.UnixEpoch.AddMinutes(tick), Features(i, tick)))));
            TaskCompletionSource done;
            lock (_lock)
            {
                for (int i = 0; i < answers.Length; i++) _predictions[i].Add(answers[i]);
                RoundsCompleted++;
                done = _roundDone;
                _roundDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            done.TrySetResult();
            var rest = _interval - pace.Elapsed;
            if (rest > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(rest, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            pace.Restart();
        }
    }

    private async Task<float[]> ObserveAsync(int index, Tick tick)
    {
        var series = _series[index];
        var grain = _client.GetGrain<ISeriesGrain>(series);
        while (true)
        {
            try
            {
                var prediction = await grain.Observe(_model, tick);
                lock (_lock) _acknowledgedAt[index].Add(Stopwatch.GetTimestamp());
                if (prediction.Duplicate) Interlocked.Increment(ref _duplicates);
                return prediction.Values;
            }
            catch (Exception e) when (e is TickSequenceException or InvalidTickException)
            {
                throw new InvalidOperationException($"Series {series} rejected tick {tick.Sequence}: {e.Message}", e);
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref _retries);
                LastError = $"{series} tick {tick.Sequence}: {e.GetType().Name}: {e.Message}";
                await Task.Delay(RetryPause);
            }
        }
    }

    /// <summary>Stops after the current round.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _run;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _run;
        }
        catch (InvalidOperationException)
        {
            // Already reported by WaitForRoundsAsync or StopAsync.
        }
        _stop.Dispose();
    }
}
