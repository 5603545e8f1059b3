using LstmActors.Grains.Series;
using LstmActors.Grains.Simulation;
using LstmActors.Grains.Tests.Reference;
using LstmActors.Grains.Training;

namespace LstmActors.Grains.Tests.Cluster;

public sealed class SiloFailureTests
{
    [Fact]
    public async Task Series_of_a_killed_silo_continue_on_the_survivors_from_their_persisted_carries()
    {
        var (cluster, _) = await Clusters.StartAsync(3);
        await using var _ = cluster;
        var frozen = SeriesEquivalenceTests.Frozen;
        var model = cluster.Client.GetGrain<IModelGrain>(frozen.Name);
        await model.Define(frozen);
        var weights = (await model.GetLatest()).Weights;

        const int series = 30, half = 15;
        var streams = Enumerable.Range(0, series).Select(s => SeriesEquivalenceTests.Ticks(new TankSeries(500 + s), 0, 2 * half)).ToArray();
        var predictions = Enumerable.Range(0, series).Select(_ => new float[2 * half * 2]).ToArray();
        var grains = Enumerable.Range(0, series).Select(s => cluster.Client.GetGrain<ISeriesGrain>($"survivor-{s}")).ToArray();

        await Task.WhenAll(Enumerable.Range(0, series).Select(async s =>
        {
            for (int t = 0; t < half; t += 5)
                (await grains[s].ObserveMany(frozen.Name, streams[s][t..(t + 5)])).Values.CopyTo(predictions[s], t * 2);
        }));

        var before = await Task.WhenAll(grains.Select(g => g.Status()));
        var victimId = before.GroupBy(st => st.Silo).OrderByDescending(g => g.Count()).First().Key;
        var moved = before.Where(st => st.Silo == victimId).Select(st => st.SeriesId).ToHashSet();
        await cluster.KillSiloAsync(cluster.SiloOf(victimId));
        await cluster.WaitForLivenessToStabilizeAsync();

        await Task.WhenAll(Enumerable.Range(0, series).Select(async s =>
        {
            for (int t = half; t < 2 * half; t += 5)
            {
                var block = await Clusters.WithRetryAsync(() => grains[s].ObserveMany(frozen.Name, streams[s][t..(t + 5)]));
                Assert.Equal((t, 5, 0), ((int)block.FirstSequence, block.Count, block.Duplicates));
                block.Values.CopyTo(predictions[s], t * 2);
            }
        }));

        var after = await Task.WhenAll(grains.Select(g => g.Status()));
        Assert.NotEmpty(moved);
        Assert.All(after, st => Assert.NotEqual(victimId, st.Silo));
        Assert.All(after, st => Assert.Equal(2L * half, st.TicksSeen));
        for (int s = 0; s < series; s++)
        {
            var reference = new ReferenceSeries(frozen, weights);
            for (int t = 0; t < 2 * half; t++)
                ReferenceSeries.AssertClose(reference.Observe(streams[s][t]), predictions[s].AsSpan(t * 2, 2), $"survivor-{s}", t);
        }
    }

    [Fact]
    public async Task With_writes_every_1000_ticks_a_graceful_stop_saves_the_unsaved_ticks()
    {
        // (What a crash loses is a real-process kill -9 test: Orleans' in-process KillSiloAsync is a stop, not a crash.)
        var (cluster, _) = await Clusters.StartAsync(2, persistEveryTicks: 1000);
        await using var _ = cluster;
        var frozen = SeriesEquivalenceTests.Frozen;
        await cluster.Client.GetGrain<IModelGrain>(frozen.Name).Define(frozen);
        var ticks = SeriesEquivalenceTests.Ticks(new TankSeries(77), 0, 10);
        var series = cluster.Client.GetGrain<ISeriesGrain>("unsaved");
        await series.ObserveMany(frozen.Name, ticks);

        // A graceful stop deactivates the series, which writes what it had not written yet.
        var stoppedOn = (await series.Status()).Silo;
        await cluster.StopSiloAsync(cluster.SiloOf(stoppedOn));
        await cluster.WaitForLivenessToStabilizeAsync();
        var resumed = await Clusters.WithRetryAsync(() => series.Status());
        Assert.NotEqual(stoppedOn, resumed.Silo);
        Assert.Equal((10L, 9L), (resumed.TicksSeen, resumed.LastSequence));
    }
}
