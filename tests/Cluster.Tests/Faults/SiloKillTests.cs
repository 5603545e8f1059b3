using System.Diagnostics;
using LstmActors.Cluster.Tests.Load;
using LstmActors.Cluster.Tests.Postgres;
using LstmActors.Cluster.Tests.Processes;
using LstmActors.Grains.Training;
using Xunit.Abstractions;

namespace LstmActors.Cluster.Tests.Faults;

/// <summary>A silo process killed with SIGKILL while series stream: the survivors resume its series from their persisted carries.</summary>
public sealed class SiloKillTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan RoundInterval = TimeSpan.FromMilliseconds(250);

    [PostgresFact]
    public async Task KillingASiloUnderStreamingLoadLosesNoAcknowledgedTickAndItsSeriesAnswerFromTheSurvivors()
    {
        var model = ScaleModel.Fixed;
        var series = ScaleModel.SeriesIds(400);
        await using var cluster = await SiloCluster.StartAsync(silos: 3);
        await cluster.Client.GetGrain<IModelGrain>(model.Name).Define(model);
        await using var stream = SeriesStream.Start(cluster.Client, model.Name, series, RoundInterval);
        await stream.WaitForRoundsAsync(3, Bound);

        var placement = await SeriesPlacement.ReadAsync(cluster.Client, series);
        var victim = cluster.RunningSilos.MaxBy(s => placement.CountBySilo.GetValueOrDefault(SiloCluster.EndpointOf(s)))!;
        var victimSeries = Enumerable.Range(0, series.Length).Where(i => SiloCluster.EndpointOf(placement.Statuses[i].Silo) == SiloCluster.EndpointOf(victim)).ToArray();
        Assert.True(victimSeries.Length > 0, $"{victim.Name} holds none of the series: {placement.Describe(cluster.Silos)}.");

        var killedAt = Stopwatch.GetTimestamp();
        var roundAtKill = stream.RoundsCompleted;
        await victim.KillAsync(Bound);
        // A round ends only when every series acknowledged its tick: the second round after the kill began after it.
        await stream.WaitForRoundsAsync(roundAtKill + 2, Bound);
        var answering = victimSeries.Max(i => Stopwatch.GetElapsedTime(killedAt, stream.FirstAcknowledgedAfter(i, killedAt)!.Value));
        await cluster.WaitForAgreedViewAsync();
        var declaredDead = Stopwatch.GetElapsedTime(killedAt);
        await stream.WaitForRoundsAsync(stream.RoundsCompleted + 2, Bound);
        await stream.StopAsync();
        output.WriteLine($"kill -9 of {victim.Name} holding {victimSeries.Length} of {series.Length} series: all of them answered again after {answering.TotalSeconds:F1} s; "
            + $"every survivor saw it dead after at most {declaredDead.TotalSeconds:F1} s; {stream.Retries} calls retried, {stream.Duplicates} answered as duplicates");

        var rounds = stream.RoundsCompleted;
        var after = await SeriesPlacement.ReadAsync(cluster.Client, series);
        Assert.DoesNotContain(SiloCluster.EndpointOf(victim), after.CountBySilo.Keys);
        Assert.All(after.Statuses, s => Assert.True(s.TicksSeen == rounds && s.LastSequence == rounds - 1,
            $"Series {s.SeriesId} applied {s.TicksSeen} ticks up to {s.LastSequence}; {rounds} were acknowledged."));
        ReferenceRun.AssertSamePredictions(await ReferenceRun.RunAsync(model, series, rounds), stream, series);
    }
}
