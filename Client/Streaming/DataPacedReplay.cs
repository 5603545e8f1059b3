using System.Diagnostics;
using System.Runtime.InteropServices;
using LstmActors.Client.Live;
using LstmActors.Grains.Series;
using LstmActors.Grains.Training;

namespace LstmActors.Client.Streaming;

/// <summary>
/// Replays a finite source with training that keeps pace with the data (<c>--pacing data</c>). Block b is the b-th
/// window of ticks of every series, sent to all of them at once; each series' call waits for the model's one step on
/// the windows block b closed, and block b+1 goes once block b is answered. So no series predicts past a window before
/// the step that learnt from it, and a replay gives the same predictions however the cluster is timed or sized.
/// </summary>
internal sealed class DataPacedReplay(IGrainFactory grains, Func<TickOutcome, int> onOutcome)
{
    private readonly Dictionary<string, (int Window, List<StreamedTick> Ticks)> _series = new(StringComparer.Ordinal);

    /// <summary>Call latency as seen by each tick (it includes the wait for the block's step).</summary>
    public LatencyRecorder Latency { get; } = new();

    /// <summary>Blocks of the replay, known once every tick is added.</summary>
    public int Blocks => _series.Count == 0 ? 0 : _series.Values.Max(s => (s.Ticks.Count + s.Window - 1) / s.Window);

    /// <summary>Queues a tick of a model with windows of <paramref name="windowLength"/>; its series' ticks must come in order.</summary>
    public void Add(StreamedTick tick, int windowLength)
    {
        ref var series = ref CollectionsMarshal.GetValueRefOrAddDefault(_series, tick.Series, out bool exists);
        if (!exists) series = (windowLength, []);
        series.Ticks.Add(tick);
    }

    /// <summary>
    /// Replays every queued tick block by block; <paramref name="progress"/> gets the blocks done. Block b is each
    /// series' b-th window of its model's length; each model's step waits for that model's series of the block.
    /// </summary>
    public async Task RunAsync(Action<int> progress, CancellationToken cancellationToken)
    {
        var replay = Guid.NewGuid();
        var series = _series.OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => (Grain: grains.GetGrain<ISeriesGrain>(s.Key), s.Value.Window, s.Value.Ticks, Model: s.Value.Ticks[0].Model)).ToArray();
        int blocks = Blocks;
        for (int b = 0; b < blocks; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var taking = series.Where(s => s.Ticks.Count > b * s.Window).ToArray();
            var perModel = taking.GroupBy(s => s.Model).ToDictionary(g => g.Key, g => new ReplayBlock(replay, b, g.Count()));
            var sent = taking.Select(s => SendAsync(s.Grain, s.Model,
                CollectionsMarshal.AsSpan(s.Ticks).Slice(b * s.Window, Math.Min(s.Window, s.Ticks.Count - b * s.Window)).ToArray(), perModel[s.Model])).ToArray();
            try
            {
                await Task.WhenAll(sent);
            }
            catch
            {
                // Every series of the block checked in (a rejected block too), so the others were answered: report the first failure in file order.
                var failed = sent.Select((task, i) => (task, i)).Where(t => t.task.IsFaulted).MinBy(t => taking[t.i].Ticks[b * taking[t.i].Window].Row);
                throw GrainErrors.Translate(failed.task.Exception!.InnerException!, taking[failed.i].Ticks[b * taking[failed.i].Window].Origin);
            }
            progress(b + 1);
        }
    }

    private async Task SendAsync(ISeriesGrain grain, string model, StreamedTick[] block, ReplayBlock replayBlock)
    {
        var ticks = new Tick[block.Length];
        for (var i = 0; i < block.Length; i++) ticks[i] = block[i].Tick;
        var started = Stopwatch.GetTimestamp();
        var answer = await grain.ObserveReplay(model, ticks, replayBlock);
        var latency = Stopwatch.GetElapsedTime(started);
        for (var i = 0; i < block.Length; i++) Latency.Record(latency);
        TickOutcome.OfBlock(block, answer, o => onOutcome(o));
    }
}
