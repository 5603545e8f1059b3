using LstmActors.Grains.Models;
using LstmActors.Grains.Series;
using LstmActors.Grains.Simulation;
using LstmActors.Grains.Tests.Cluster;
using LstmActors.Grains.Training;
using LstmActors.Tests.Shared;

namespace LstmActors.Grains.Tests.Training;

/// <summary>A silo contributes gradients in batches of windows while windows keep coming, and what is left once they stop.</summary>
public sealed class ContributionBatchTests
{
    private static readonly ModelDefinition Batched = ModelDefinition.ForFeatures("batched-model", "tanks", ["pressure", "temperature"]) with
    {
        Units = 6,
        WindowLength = 4,
        Training = new TrainingSettings(TrainingMode.Asynchronous, StalenessBound: 1000, RoundDeadline: TimeSpan.FromSeconds(30), CheckpointEvery: 1),
    };

    private const int Series = 40, WindowsPerSeries = 3;

    [Fact]
    public async Task While_windows_keep_coming_every_contribution_sums_at_least_the_minimum_of_windows()
    {
        // The flush delay is far beyond the test: only full batches are contributed.
        var (cluster, _) = await Clusters.StartAsync(1, contributions: (MinWindows: 25, Delay: TimeSpan.FromHours(1)));
        await using var _ = cluster;
        var model = await StreamAsync(cluster);

        // 120 windows: at least 4 batches of 25 are due; the rest waits for more windows.
        await Eventually.HoldsAsync(async () => (await model.Status()).RecentLosses.Sum(l => l.Samples) >= 100, "four batches of windows contributed");
        var losses = (await model.Status()).RecentLosses;
        Assert.All(losses, l => Assert.True(l.Samples >= 25, $"Version {l.Version} was trained on {l.Samples} windows; the minimum is 25."));
        Assert.InRange(losses.Sum(l => l.Samples), 100, Series * WindowsPerSeries);
    }

    [Fact]
    public async Task Fewer_windows_than_the_minimum_are_contributed_once_the_stream_pauses()
    {
        var (cluster, _) = await Clusters.StartAsync(1, contributions: (MinWindows: 500, Delay: TimeSpan.FromMilliseconds(300)));
        await using var _ = cluster;
        var model = await StreamAsync(cluster);

        await Eventually.HoldsAsync(async () => (await model.Status()).RecentLosses.Sum(l => l.Samples) == Series * WindowsPerSeries,
            $"all {Series * WindowsPerSeries} windows contributed although the minimum is 500");
        Assert.True((await model.Status()).Version > 1);
    }

    /// <summary>Defines the model and streams every series through <see cref="WindowsPerSeries"/> whole windows (and the tick that closes the last).</summary>
    private static async Task<IModelGrain> StreamAsync(Orleans.TestingHost.TestCluster cluster)
    {
        var model = cluster.Client.GetGrain<IModelGrain>(Batched.Name);
        await model.Define(Batched);
        int ticks = WindowsPerSeries * Batched.WindowLength + 1;
        await Task.WhenAll(Enumerable.Range(0, Series).Select(s =>
            cluster.Client.GetGrain<ISeriesGrain>($"batched-{s}").ObserveMany(Batched.Name, SeriesEquivalenceTests.Ticks(new TankSeries(500 + s), 0, ticks))));
        return model;
    }
}
