using System.Diagnostics;
using LstmActors.Cluster.Tests.Load;
using LstmActors.Cluster.Tests.Processes;
using LstmActors.Cluster.Tests.Postgres;
using LstmActors.Grains.Training;
using Xunit.Abstractions;

namespace LstmActors.Cluster.Tests.Scaling;

/// <summary>
/// Silo processes join and leave while series stream: the series spread evenly over the running silos (Orleans' activation
/// rebalancer moves activations to a silo that joins), keep their carries, and no tick is lost or applied twice.
/// </summary>
public sealed class ScaleTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan RoundInterval = TimeSpan.FromMilliseconds(500);
    private const int SeriesCount = 1500;
    private const double Evenness = 0.25;
    // The rebalancer is waited for until it has settled well inside the bound, so the check after more rounds has a margin.
    private const double Settled = 0.10;
    private const int RoundsPerStage = 2;

    [PostgresFact]
    public async Task ScalingOutOneToTwoToFourAndInToTwoWhileSeriesStreamSpreadsTheSeriesAndKeepsEveryCarry()
    {
        var model = ScaleModel.Fixed;
        var series = ScaleModel.SeriesIds(SeriesCount);
        await using var cluster = await SiloCluster.StartAsync(silos: 1);
        await cluster.Client.GetGrain<IModelGrain>(model.Name).Define(model);
        await using var stream = SeriesStream.Start(cluster.Client, model.Name, series, RoundInterval);
        await stream.WaitForRoundsAsync(RoundsPerStage, Bound);

        await cluster.StartSilosAsync(1);
        await SpreadAsync(cluster, stream, series, "scaled out to 2");
        await cluster.StartSilosAsync(2);
        await SpreadAsync(cluster, stream, series, "scaled out to 4");

        // The two oldest leave, one after the other. The first hosts Orleans' rebalancer worker, which moves off a stopping
        // silo; should it get lost on the way (seen with two stopping at once), Orleans revives it within a minute.
        foreach (var leaving in cluster.RunningSilos.Take(2).ToArray())
            Assert.Equal(0, await leaving.TerminateAsync(Bound));
        await cluster.WaitForAgreedViewAsync();
        await SpreadAsync(cluster, stream, series, "scaled in to 2 (SIGTERM)");

        await stream.StopAsync();
        var rounds = stream.RoundsCompleted;
        var placement = await SeriesPlacement.ReadAsync(cluster.Client, series);
        Assert.All(placement.Statuses, s => Assert.True(s.TicksSeen == rounds && s.LastSequence == rounds - 1,
            $"Series {s.SeriesId} applied {s.TicksSeen} ticks up to {s.LastSequence}; {rounds} were acknowledged."));
        output.WriteLine($"{rounds} rounds of {SeriesCount} series: {stream.Retries} calls retried, {stream.Duplicates} retries answered as duplicates");

        var reference = await ReferenceRun.RunAsync(model, series, rounds);
        ReferenceRun.AssertSamePredictions(reference, stream, series);
    }

    /// <summary>
    /// Waits until the running silos hold the series within ±25% of an even share (counted by their health endpoints),
    /// prints how long that took, streams on for some rounds, and checks the spread from every series' own status.
    /// </summary>
    private async Task SpreadAsync(SiloCluster cluster, SeriesStream stream, IReadOnlyList<string> series, string stage)
    {
        var running = cluster.RunningSilos;
        var elapsed = Stopwatch.StartNew();
        var counts = "";
        var deadline = DateTime.UtcNow + Bound;
        while (true)
        {
            var reports = await Task.WhenAll(running.Select(cluster.HealthAsync));
            var perSilo = reports.Select(r => r.Activations.Where(a => a.Key.Contains(".SeriesGrain", StringComparison.Ordinal)).Sum(a => a.Value)).ToArray();
            counts = string.Join(", ", running.Zip(perSilo, (s, n) => $"{s.Name} {n}"));
            double even = (double)series.Count / running.Count;
            if (perSilo.All(n => Math.Abs(n - even) <= Settled * even)) break;
            Assert.True(DateTime.UtcNow < deadline, $"{stage}: the series did not spread within ±{Settled:P0} over {running.Count} silos within {Bound}: {counts}\n{cluster.Output}");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        var spreadAfter = elapsed.Elapsed;
        await stream.WaitForRoundsAsync(stream.RoundsCompleted + RoundsPerStage, Bound);
        var placement = await SeriesPlacement.ReadAsync(cluster.Client, series);
        output.WriteLine($"{stage}: within ±{Settled:P0} after {spreadAfter.TotalSeconds:F1} s ({counts}); after round {stream.RoundsCompleted}: {placement.Describe(running)}");
        Assert.True(placement.IsEvenOver(running, Evenness), $"{stage}: series sit on [{placement.Describe(cluster.Silos)}], not within ±{Evenness:P0} over {string.Join(", ", running.Select(s => s.Name))}.");
    }
}
