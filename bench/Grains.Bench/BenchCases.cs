using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using LstmActors.Grains.Batching;
using LstmActors.Grains.Hosting;
using LstmActors.Grains.Models;
using LstmActors.Grains.Series;
using LstmActors.Grains.Simulation;
using LstmActors.Grains.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LstmActors.Grains.Bench;

/// <summary>
/// The whole actor path on one silo: a client co-hosted with the silo sends each stock series' ticks in blocks to its
/// series grain, which has the silo's step batcher advance it and answers a prediction for every tick.
/// </summary>
internal sealed class BenchCases(int series, TimeSpan duration, double halfLoadRate, double anchor)
{
    /// <summary>Case names: the machine's own stalls, engine step alone, full loads (blocks of 32 and of 8, write-through or every 256 ticks), half load.</summary>
    public static readonly string[] Names = ["machine_stalls", "engine_batched_step", "full_load_write_through", "full_load_write_every_256", "full_load_block_8", "half_load_write_through"];

    private const int Block = 32, HalfLoadBlock = 8, History = 256;

    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);

    private static readonly ModelDefinition Stocks = BuiltInModels.Stocks with
    {
        Name = "stocks-bench",
        Training = BuiltInModels.Stocks.Training with { Mode = TrainingMode.Off },
    };

    private double _fullLoadBlock8;

    public async Task RunAsync(IEnumerable<string> cases)
    {
        foreach (var name in cases)
        {
            switch (name)
            {
                case "machine_stalls": MachineStalls.Measure(duration); break;
                case "engine_batched_step": EngineStep(name); break;
                case "full_load_write_through": await FullLoad(name, Block, persistEvery: 1); break;
                case "full_load_write_every_256": await FullLoad(name, Block, persistEvery: 256); break;
                case "full_load_block_8": _fullLoadBlock8 = await FullLoad(name, HalfLoadBlock, persistEvery: 1); break;
                default: await HalfLoad(name); break;
            }
        }
    }

    /// <summary>The batcher's engine call alone: one step of every series, no actors.</summary>
    private void EngineStep(string name)
    {
        var network = new InferenceNetwork(Stocks, series, kernelThreads: 1);
        network.Install(new ModelVersion(Stocks.Name, 1, ModelNetwork.InitialWeights(Stocks)));
        for (int i = 0; i < series * 5; i++) network.Inputs[i] = (i % 17) * 0.1f - 0.8f;
        network.Resize(series);
        for (int i = 0; i < 50; i++) network.Step();
        var latencies = new List<double>();
        var total = Stopwatch.StartNew();
        long steps = 0;
        while (total.Elapsed < duration)
        {
            long start = Stopwatch.GetTimestamp();
            network.Step();
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            steps += series;
        }
        Print(name, steps / total.Elapsed.TotalSeconds, latencies, "");
    }

    private async Task<double> FullLoad(string name, int block, int persistEvery)
    {
        using var silo = await StartSilo(persistEvery);
        var grains = await Warm(silo, name);
        // Unmeasured first: lets tiered compilation finish on the hot paths.
        await Drive(grains, block, Warmup);
        var before = silo.Figures();
        var spent = new ProcessFigures();
        var clock = Stopwatch.StartNew();
        var (ticks, latencies) = await Drive(grains, block, duration);
        double elapsed = clock.Elapsed.TotalSeconds;
        var after = silo.Figures();
        double rate = ticks / elapsed;
        Print(name, rate, latencies, string.Create(CultureInfo.InvariantCulture,
            $"block={block} persist_every={persistEvery} {spent.Since(ticks)} mean_batch={(double)(after.Steps - before.Steps) / (after.Batches - before.Batches):F0}"));
        return rate;
    }

    /// <summary>Every series sends blocks back to back for <paramref name="time"/>; returns ticks applied and per-block latencies.</summary>
    private async Task<(long Ticks, List<double> Latencies)> Drive(SeriesSet grains, int block, TimeSpan time)
    {
        var latencies = new List<double>[series];
        long ticks = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, series).Select(async s =>
        {
            var local = latencies[s] = [];
            while (clock.Elapsed < time)
            {
                var ticksSent = grains.Next(s, block);
                long start = Stopwatch.GetTimestamp();
                var answer = await grains.Grains[s].ObserveMany(Stocks.Name, ticksSent);
                local.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (answer.Count != block) throw new InvalidOperationException($"Series {s}: {answer.Count} of {block} ticks applied.");
                Interlocked.Add(ref ticks, block);
            }
        }));
        return (ticks, latencies.SelectMany(l => l).ToList());
    }

    /// <summary>Half the full-load rate of the same block size, paced: every series sends a block of a few ticks on a fixed period.</summary>
    private async Task HalfLoad(string name)
    {
        // A fixed rate compares runs with each other; by default the rate is half of what this run measured at full load.
        if (halfLoadRate == 0 && _fullLoadBlock8 == 0) _fullLoadBlock8 = await FullLoad("full_load_block_8", HalfLoadBlock, persistEvery: 1);
        double target = halfLoadRate > 0 ? halfLoadRate : _fullLoadBlock8 / 2;
        var period = TimeSpan.FromSeconds(series * HalfLoadBlock / target);
        using var silo = await StartSilo(persistEvery: 1);
        var grains = await Warm(silo, name);
        (long Steps, long Batches, int Version) before = default;
        ProcessFigures? spent = null;
        // Warmed up at the paced rate itself: the thread pool, the GC's budget and the batcher settle to this load.
        var run = await Pace(grains, HalfLoadBlock, period, Warmup, duration, () =>
        {
            before = silo.Figures();
            spent = new ProcessFigures();
        });
        var after = silo.Figures();
        Print(name, run.Ticks / run.Elapsed.TotalSeconds, run.Latencies, string.Create(CultureInfo.InvariantCulture,
            $"block={HalfLoadBlock} target_ticks_per_s={target:F0} late_sends_pct={100.0 * run.Late / run.Latencies.Count:F1} over_5ms_pct={100.0 * run.Over5Ms / run.Latencies.Count:F2} over_5ms_across_gc_pct={100.0 * run.Over5MsWithGc / run.Latencies.Count:F2} {spent!.Since(run.Ticks)} mean_batch={(double)(after.Steps - before.Steps) / (after.Batches - before.Batches):F0} latency=block_sent_to_predictions_back"));
    }

    /// <summary>A paced measurement: ticks and time, each block's latency, late sends, and blocks over 5 ms (those during which a garbage collection ran).</summary>
    private sealed record PacedRun(long Ticks, TimeSpan Elapsed, List<double> Latencies, long Late, int Over5Ms, int Over5MsWithGc);

    /// <summary>
    /// Sends each series' next block when it is due, one block in flight per series, from ONE thread that wakes every
    /// millisecond: a timer per series would itself burden the garbage collector the silo shares, and .NET timers tick
    /// at 4 ms here. Only blocks sent after <paramref name="warmup"/> are measured; <paramref name="measuring"/> runs
    /// when that starts. A send more than 2 ms past its due time (the previous block had not come back) counts as late:
    /// many late sends mean the silo did not keep up with the target.
    /// </summary>
    private static async Task<PacedRun> Pace(SeriesSet grains, int block, TimeSpan period, TimeSpan warmup, TimeSpan time, Action measuring)
    {
        int n = grains.Grains.Length;
        var latencies = new double[(int)(time / period * n) + n];
        var inFlight = new bool[n];
        var failures = new ConcurrentQueue<Exception>();
        int sent = 0, done = 0, measuredSent = 0, measuredDone = 0, over5 = 0, over5WithGc = 0;
        long late = 0, measureStart = 0, measureEnd = 0;
        var clock = Stopwatch.StartNew();
        var pacer = new Thread(() =>
        {
            var due = Enumerable.Range(0, n).Select(s => period * ((double)s / n)).ToArray();
            bool measured = false;
            while (clock.Elapsed < warmup + time)
            {
                var now = clock.Elapsed;
                if (!measured && now >= warmup)
                {
                    measuring();
                    measureStart = Stopwatch.GetTimestamp();
                    measured = true;
                }
                for (int s = 0; s < n && measuredSent < latencies.Length; s++)
                {
                    if (due[s] > now || Volatile.Read(ref inFlight[s])) continue;
                    if (measured && now - due[s] > TimeSpan.FromMilliseconds(2)) late++;
                    inFlight[s] = true;
                    due[s] += period;
                    _ = Send(s, grains.Next(s, block), measured);
                    sent++;
                    if (measured) measuredSent++;
                }
                Thread.Sleep(1);
            }
            measureEnd = Stopwatch.GetTimestamp();
        }) { Name = "half-load pacer" };
        pacer.Start();
        pacer.Join();
        while (Volatile.Read(ref done) < sent) await Task.Delay(1);
        if (!failures.IsEmpty) throw new AggregateException("Half-load blocks failed.", failures);
        return new PacedRun(measuredSent * (long)block, Stopwatch.GetElapsedTime(measureStart, measureEnd), latencies.AsSpan(0, measuredSent).ToArray().ToList(), late, over5, over5WithGc);

        async Task Send(int s, Tick[] ticks, bool measured)
        {
            long start = Stopwatch.GetTimestamp();
            int collections = GC.CollectionCount(0);
            try
            {
                var answer = await grains.Grains[s].ObserveMany(Stocks.Name, ticks);
                if (answer.Count != ticks.Length) throw new InvalidOperationException($"Series {s}: {answer.Count} of {ticks.Length} ticks applied.");
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
            }
            if (measured)
            {
                double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                latencies[Interlocked.Increment(ref measuredDone) - 1] = ms;
                if (ms > 5)
                {
                    Interlocked.Increment(ref over5);
                    if (GC.CollectionCount(0) != collections) Interlocked.Increment(ref over5WithGc);
                }
            }
            Volatile.Write(ref inFlight[s], false);
            Interlocked.Increment(ref done);
        }
    }

    private async Task<SeriesSet> Warm(BenchSilo silo, string prefix)
    {
        await silo.Factory.GetGrain<IModelGrain>(Stocks.Name).Define(Stocks);
        var set = new SeriesSet(silo.Factory, prefix, series);
        // Activates every series and runs its first ticks (JIT, scaler statistics) outside the measurement.
        await Task.WhenAll(Enumerable.Range(0, series).Select(s => set.Grains[s].ObserveMany(Stocks.Name, set.Next(s, History))));
        return set;
    }

    private static async Task<BenchSilo> StartSilo(int persistEvery)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePort(), FreePort());
            silo.AddMemoryGrainStorageAsDefault();
            silo.AddLstmActorsGrains(o => o.PersistEveryTicks = persistEvery);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new BenchSilo(host);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Print(string name, double rate, List<double> latencies, string extra)
    {
        latencies.Sort();
        double P(double q) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"case={name} ticks_per_s={rate:F0} p50_ms={P(0.50):F3} p99_ms={P(0.99):F3} p999_ms={P(0.999):F3} ratio_to_anchor={(anchor > 0 ? (rate / anchor).ToString("F2", CultureInfo.InvariantCulture) : "-")} {extra}").TrimEnd());
    }

    private sealed class BenchSilo(IHost host) : IDisposable
    {
        public IGrainFactory Factory { get; } = host.Services.GetRequiredService<IGrainFactory>();

        public (long Steps, long Batches, int Version) Figures() => host.Services.GetRequiredService<SiloModels>().BatcherFigures(Stocks.Name);

        public void Dispose()
        {
            host.StopAsync().GetAwaiter().GetResult();
            host.Dispose();
        }
    }

    /// <summary>The series' grains and a ring of simulated OHLCV bars per series, re-sent with fresh sequence numbers.</summary>
    private sealed class SeriesSet
    {
        private readonly float[][][] _bars;

        public SeriesSet(IGrainFactory factory, string prefix, int count)
        {
            Grains = Enumerable.Range(0, count).Select(s => factory.GetGrain<ISeriesGrain>($"{prefix}-{s}")).ToArray();
            _next = new long[count];
            _bars = Enumerable.Range(0, count).Select(s =>
            {
                var stock = StockSeries.Random(s);
                return Enumerable.Range(0, History).Select(_ => stock.Next()).ToArray();
            }).ToArray();
        }

        public ISeriesGrain[] Grains { get; }

        private readonly long[] _next;

        /// <summary>The next <paramref name="count"/> ticks of series <paramref name="s"/>.</summary>
        public Tick[] Next(int s, int count)
        {
            long first = _next[s];
            _next[s] += count;
            var ticks = new Tick[count];
            for (int i = 0; i < count; i++)
                ticks[i] = new Tick(first + i, DateTimeOffset.UnixEpoch.AddMinutes(first + i), _bars[s][(first + i) % History]);
            return ticks;
        }
    }
}
