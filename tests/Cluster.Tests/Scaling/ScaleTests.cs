using LstmActors.Cluster.Tests.Load;
using LstmActors.Cluster.Tests.Postgres;
using LstmActors.Cluster.Tests.Processes;
using LstmActors.Grains.Training;
using Xunit.Abstractions;

namespace LstmActors.Cluster.Tests.Scaling;

/// <summary>Silo processes join and leave while series stream: series spread evenly, keep their carries, and no tick is lost or applied twice.</summary>
public sealed class ScaleTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(180);

    // 1,500 rather than 500: series are placed by hashing over silos whose addresses are random (free ports, time-based
    // generations), and the binomial spread of 500 series over 4 silos leaves ±20% in about 4% of clusters, of 1,000
    // in about 0.3%; of 1,500 in about 0.003%.
    private const int SeriesCount = 1500;
    private const double Evenness = 0.20;
    private const int RoundsPerStage = 2;

    [PostgresFact]
    public async Task ScalingOutOneToTwoToFourAndInToTwoWhileSeriesStreamMovesSeriesWithTheirCarries()
    {
        var model = ScaleModel.Fixed;
        var series = ScaleModel.SeriesIds(SeriesCount);
        await using var cluster = await TestSiloCluster.StartAsync(silos: 1);
        await cluster.Client.GetGrain<IModelGrain>(model.Name).Define(model);
        await using var stream = SeriesStream.Start(cluster.Client, model.Name, series);
        await stream.WaitForRoundsAsync(RoundsPerStage, Bound);

        await cluster.StartSilosAsync(1);
        await SettleAsync(cluster, stream, "scaled out to 2");
        await cluster.StartSilosAsync(2);
        await SettleAsync(cluster, stream, "scaled out to 4");

        var leaving = cluster.RunningSilos.Take(2).ToArray();
        foreach (var code in await Task.WhenAll(leaving.Select(s => s.TerminateAsync(Bound))))
            Assert.Equal(0, code);
        await SettleAsync(cluster, stream, "scaled in to 2 (SIGTERM)");

        await stream.StopAsync();
        var rounds = stream.RoundsCompleted;
        var placement = await SeriesPlacement.ReadAsync(cluster.Client, series);
        Assert.All(placement.Statuses, s =>
        {
            Assert.True(s.TicksSeen == rounds, $"Series {s.SeriesId} applied {s.TicksSeen} ticks; {rounds} were acknowledged.");
            Assert.Equal(rounds - 1, s.LastSequence);
        });
        output.WriteLine($"{rounds} rounds of {SeriesCount} series: {stream.Retries} calls retried, {stream.Duplicates} retries answered as duplicates");

        var reference = await ReferenceRun.RunAsync(model, series, rounds);
        ReferenceRun.AssertSamePredictions(reference, stream, series);
    }

    /// <summary>Waits until the silos agree on the view and the stream went on for some rounds, then checks the spread.</summary>
    private async Task SettleAsync(TestSiloCluster cluster, SeriesStream stream, string stage)
    {
        await cluster.WaitForAgreedViewAsync(Bound);
        await stream.WaitForRoundsAsync(stream.RoundsCompleted + RoundsPerStage, Bound);
        var running = cluster.RunningSilos.Select(s => s.ProcessId).ToArray();
        var placement = await SeriesPlacement.ReadAsync(cluster.Client, ScaleModel.SeriesIds(SeriesCount));
        output.WriteLine($"{stage}, after round {stream.RoundsCompleted}: " + string.Join(", ", placement.CountByProcess.Select(c => $"pid {c.Key}: {c.Value} series")));
        placement.AssertEvenOver(running, Evenness);
    }
}
