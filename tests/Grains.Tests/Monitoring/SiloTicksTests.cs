using System.Diagnostics;
using LstmActors.Grains.Models;
using LstmActors.Grains.Monitoring;
using LstmActors.Grains.Series;
using LstmActors.Grains.Simulation;
using LstmActors.Grains.Tests.Cluster;
using LstmActors.Grains.Training;

namespace LstmActors.Grains.Tests.Monitoring;

public sealed class SiloTicksTests
{
    private static readonly ModelDefinition Model = SeriesEquivalenceTests.Frozen with { Name = "tanks-ticks" };

    /// <summary>Series that each send a block of ticks every period until stopped, counting the ticks acknowledged.</summary>
    private sealed class SteadyStream : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _running;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _sent;

        public SteadyStream(IGrainFactory grains, int series, int ticksPerBlock, TimeSpan period) =>
            _running = Task.WhenAll(Enumerable.Range(0, series).Select(s => Send(grains.GetGrain<ISeriesGrain>(IdOf(s)), new TankSeries(s), ticksPerBlock, period)));

        /// <summary>The id of the <paramref name="s"/>th series.</summary>
        public static string IdOf(int s) => $"steady-{s}";

        /// <summary>Ticks acknowledged so far.</summary>
        public long Sent => Interlocked.Read(ref _sent);

        /// <summary>Ticks per second acknowledged since the stream started.</summary>
        public double Rate => Sent / _clock.Elapsed.TotalSeconds;

        private async Task Send(ISeriesGrain grain, TankSeries source, int ticksPerBlock, TimeSpan period)
        {
            using var timer = new PeriodicTimer(period);
            long next = 0;
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    var block = SeriesEquivalenceTests.Ticks(source, next, ticksPerBlock);
                    var answer = await grain.ObserveMany(Model.Name, block);
                    Assert.Equal(0, answer.Duplicates);
                    next += ticksPerBlock;
                    Interlocked.Add(ref _sent, ticksPerBlock);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _running;
        }
    }

    private static async Task<SiloTicks[]> AskEverySilo(TestCluster cluster)
    {
        var silos = await cluster.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        return await Task.WhenAll(silos.Keys.Select(s => cluster.Client.GetGrain<ISiloTicksGrain>(s.ToParsableString()).GetTicks()));
    }

    private static ModelTicks? Of(SiloTicks silo) => silo.Models.SingleOrDefault(m => m.Model == Model.Name);

    [Fact]
    public async Task Each_silo_reports_the_ticks_it_serves_the_rates_add_up_to_what_is_sent_and_fall_to_zero_when_streaming_stops()
    {
        var (cluster, _) = await Clusters.StartAsync(2);
        await using var _ = cluster;
        await cluster.Client.GetGrain<IModelGrain>(Model.Name).Define(Model);
        var totals = new Dictionary<string, (long Ticks, long Batches)>();
        // Every answer must keep or grow the totals each silo reported before.
        void CheckTotalsGrow(SiloTicks[] answers)
        {
            foreach (var silo in answers)
            {
                var now = Of(silo) is { } m ? (m.Ticks, m.Batches) : (0, 0);
                var before = totals.GetValueOrDefault(silo.Silo);
                Assert.True(now.Ticks >= before.Ticks && now.Batches >= before.Batches, $"silo {silo.Silo} went from {before} to {now}");
                totals[silo.Silo] = now;
            }
        }

        const int series = 32;
        // Both silos must serve: place the series round-robin rather than where the default placement puts them.
        await cluster.SpreadAsync(Enumerable.Range(0, series).Select(SteadyStream.IdOf));
        var stream = new SteadyStream(cluster.Client, series, ticksPerBlock: 5, period: TimeSpan.FromMilliseconds(100));
        await using (stream)
        {
            SiloTicks[] answers = [];
            await Eventually.HoldsAsync(async () =>
            {
                answers = await AskEverySilo(cluster);
                CheckTotalsGrow(answers);
                var rates = answers.Select(s => Of(s)?.TicksPerSecond ?? 0).ToArray();
                // A full window of samples, every silo serving, and the sum within a factor of 2 of the rate sent.
                return answers.Length == 2 && answers.All(s => Of(s) is { IntervalSeconds: >= 4 }) && rates.All(r => r > 0)
                    && rates.Sum() > stream.Rate / 2 && rates.Sum() < stream.Rate * 2;
            }, "both silos serving ticks at a rate that sums to the rate sent");
            // A batch takes at most one step of each series, and a silo serves at most all 32.
            Assert.All(answers, s => Assert.InRange(Of(s)!.MeanBatchSize!.Value, 1, 32));
        }

        await Eventually.HoldsAsync(async () =>
        {
            var answers = await AskEverySilo(cluster);
            CheckTotalsGrow(answers);
            return answers.All(s => Of(s) is { TicksPerSecond: 0, MeanBatchSize: null });
        }, "every silo's tick rate back to 0 after streaming stopped");
        var last = await AskEverySilo(cluster);
        CheckTotalsGrow(last);
        // Each acknowledged tick is exactly one step of one silo's batcher, in as many batches or fewer.
        Assert.Equal(stream.Sent, last.Sum(s => Of(s)!.Ticks));
        // Every tick but each series' first is the outcome of a prediction, scored once, by the silo serving it then.
        Assert.Equal(stream.Sent - series, last.Sum(s => Of(s)!.Score!.Scored));
        Assert.Equal(2 * (stream.Sent - series), last.Sum(s => Of(s)!.Score!.IntervalOutcomes));
        Assert.All(last, s => Assert.InRange(Of(s)!.Batches, 1, Of(s)!.Ticks));
    }

    [Fact]
    public async Task A_silo_that_serves_no_model_reports_none()
    {
        var (cluster, _) = await Clusters.StartAsync(2);
        await using var _ = cluster;

        var answers = await AskEverySilo(cluster);

        Assert.Equal(cluster.Silos.Select(s => s.SiloAddress.ToParsableString()).Order(StringComparer.Ordinal), answers.Select(a => a.Silo).Order(StringComparer.Ordinal));
        Assert.All(answers, a => Assert.Empty(a.Models));
    }
}
