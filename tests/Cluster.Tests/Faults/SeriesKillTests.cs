using System.Diagnostics;
using LstmActors.Cluster.Tests.Load;
using LstmActors.Cluster.Tests.Postgres;
using LstmActors.Cluster.Tests.Processes;
using LstmActors.Grains.Training;
using Xunit.Abstractions;

namespace LstmActors.Cluster.Tests.Faults;

/// <summary>A silo process killed with SIGKILL while series stream: the survivors resume its series from their persisted carries.</summary>
public sealed class SeriesKillTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(180);

    [PostgresFact]
    public async Task KillingASiloUnderStreamingLoadResumesItsSeriesOnSurvivorsWithoutLosingAnAcknowledgedTick()
    {
        var model = ScaleModel.Fixed;
        var series = ScaleModel.SeriesIds(400);
        await using var cluster = await TestSiloCluster.StartAsync(silos: 3);
        await cluster.WaitForAgreedViewAsync(Bound);
        await cluster.Client.GetGrain<IModelGrain>(model.Name).Define(model);
        await using var stream = SeriesStream.Start(cluster.Client, model.Name, series);
        await stream.WaitForRoundsAsync(3, Bound);

        var placement = await SeriesPlacement.ReadAsync(cluster.Client, series);
        var victim = cluster.RunningSilos.MaxBy(s => placement.CountByProcess.GetValueOrDefault(s.ProcessId))!;
        var moved = placement.CountByProcess.GetValueOrDefault(victim.ProcessId);
        Assert.True(moved > 0, $"{victim.Name} holds none of the series.");

        var sinceKill = Stopwatch.StartNew();
        var roundAtKill = stream.RoundsCompleted;
        await victim.KillAsync(Bound);
        // A round ends only when every series acknowledged its tick: the first round begun after the kill bounds the outage.
        await stream.WaitForRoundsAsync(roundAtKill + 2, Bound);
        var answering = sinceKill.Elapsed;
        await cluster.WaitForAgreedViewAsync(Bound);
        await stream.WaitForRoundsAsync(stream.RoundsCompleted + 2, Bound);
        await stream.StopAsync();
        output.WriteLine($"killed {victim.Name} holding {moved} of {series.Length} series: every series answered again within {answering.TotalSeconds:F1} s "
            + $"(a full round begun after the kill); {stream.Retries} calls retried, {stream.Duplicates} answered as duplicates");

        var rounds = stream.RoundsCompleted;
        var after = await SeriesPlacement.ReadAsync(cluster.Client, series);
        Assert.DoesNotContain(victim.ProcessId, after.CountByProcess.Keys);
        Assert.All(after.Statuses, s => Assert.True(s.TicksSeen == rounds && s.LastSequence == rounds - 1,
            $"Series {s.SeriesId} applied {s.TicksSeen} ticks up to {s.LastSequence}; {rounds} were acknowledged."));
        ReferenceRun.AssertSamePredictions(await ReferenceRun.RunAsync(model, series, rounds), stream, series);
    }
}
