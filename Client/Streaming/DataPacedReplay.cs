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
    private readonly Dictionary<string, SeriesTicks> _series = new(StringComparer.Ordinal);

    /// <summary>Call latency as seen by each tick (it includes the wait for the block's step).</summary>
    public LatencyRecorder Latency { get; } = new();

    /// <summary>Blocks of the replay, known once every tick is added.</summary>
    public int Blocks => _series.Count == 0 ? 0 : _series.Values.Max(s => (s.Count + s.Window - 1) / s.Window);

    /// <summary>Queues a tick of a model with windows of <paramref name="windowLength"/>; its series' ticks must come in order.</summary>
    public void Add(StreamedTick tick, int windowLength)
    {
        ref var series = ref CollectionsMarshal.GetValueRefOrAddDefault(_series, tick.Series, out bool exists);
        if (!exists) series = new SeriesTicks(tick, windowLength);
        series!.Add(tick);
    }

    /// <summary>The queued series of <paramref name="model"/>.</summary>
    public IEnumerable<SeriesTicks> SeriesOf(string model) => _series.Values.Where(s => s.Model == model);

    /// <summary>
    /// Replays every queued tick block by block; <paramref name="progress"/> gets the blocks done. Block b is each
    /// series' b-th window of its model's length; each model's step waits for that model's series of the block.
    /// </summary>
    public async Task RunAsync(Action<int> progress, CancellationToken cancellationToken)
    {
        var replay = Guid.NewGuid();
        var series = _series.OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => (Grain: grains.GetGrain<ISeriesGrain>(s.Key), Ticks: s.Value)).ToArray();
        int blocks = Blocks;
        for (int b = 0; b < blocks; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var taking = series.Where(s => s.Ticks.Count > b * s.Ticks.Window).ToArray();
            var perModel = taking.GroupBy(s => s.Ticks.Model).ToDictionary(g => g.Key, g => new ReplayBlock(replay, b, g.Count()));
            var blockTicks = taking.Select(s => s.Ticks.Block(b)).ToArray();
            var sent = taking.Select((s, i) => SendAsync(s.Grain, s.Ticks.Model, blockTicks[i], perModel[s.Ticks.Model])).ToArray();
            try
            {
                await Task.WhenAll(sent);
            }
            catch
            {
                // Every series of the block checked in (a rejected block too), so the others were answered: report the first failure in file order.
                var failed = sent.Select((task, i) => (task, i)).Where(t => t.task.IsFaulted).MinBy(t => blockTicks[t.i][0].Row);
                throw GrainErrors.Translate(failed.task.Exception!.InnerException!, blockTicks[failed.i][0].Origin);
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

    /// <summary>
    /// A series' queued ticks, kept flat (features, times, rows, lines and time cells in arrays) rather than as a tick
    /// object each: a replay holds the whole file until it is sent, and a million small objects cost the collector more
    /// than the replay's own work. A block's ticks are made again when it is sent.
    /// </summary>
    internal sealed class SeriesTicks(StreamedTick first, int window)
    {
        private readonly List<float> _features = [];
        private readonly List<long> _sequences = [], _rows = [];
        private readonly List<DateTimeOffset> _timestamps = [];
        private readonly List<int> _lines = [];
        private readonly List<string> _times = [];
        private readonly int _width = first.Tick.Features.Length;

        public int Window { get; } = window;

        public string Model { get; } = first.Model;

        public int Count => _rows.Count;

        /// <summary>Features per tick.</summary>
        public int Width => _width;

        /// <summary>Feature <paramref name="feature"/> of queued tick <paramref name="k"/>.</summary>
        public float Feature(int k, int feature) => _features[k * _width + feature];

        /// <summary>The time of queued tick <paramref name="k"/>.</summary>
        public DateTimeOffset Timestamp(int k) => _timestamps[k];

        public void Add(StreamedTick tick)
        {
            _features.AddRange(tick.Tick.Features);
            _sequences.Add(tick.Tick.Sequence);
            _timestamps.Add(tick.Tick.Timestamp);
            _rows.Add(tick.Row);
            _lines.Add(tick.Line);
            _times.Add(tick.Time);
        }

        /// <summary>The ticks of block <paramref name="b"/>.</summary>
        public StreamedTick[] Block(int b)
        {
            int from = b * Window, count = Math.Min(Window, Count - from);
            var block = new StreamedTick[count];
            var features = CollectionsMarshal.AsSpan(_features);
            for (int i = 0; i < count; i++)
            {
                int k = from + i;
                var tick = new Tick(_sequences[k], _timestamps[k], features.Slice(k * _width, _width).ToArray());
                block[i] = new StreamedTick(_rows[k], first.Series, Model, _times[k], tick, first.Source, _lines[k]);
            }
            return block;
        }
    }
}
