using LstmActors.Grains.Models;
using LstmActors.Grains.Series;
using LstmActors.Grains.Simulation;
using LstmActors.Grains.Tests.Cluster;
using LstmActors.Grains.Training;

namespace LstmActors.Grains.Tests.Forecasting;

public sealed class AnomalyTests
{
    private static readonly ModelDefinition Tanks = ModelDefinition.ForFeatures("tanks-anomalies", "tanks", ["pressure", "temperature"]) with
    {
        Units = 8,
        Training = BuiltInModels.Tanks.Training with { Mode = TrainingMode.Off },
    };

    [Fact]
    public async Task Pressure_jumps_in_tanks_are_flagged_and_hardly_any_normal_tick_is()
    {
        var (cluster, _) = await Clusters.StartAsync(1);
        await using var _ = cluster;
        var model = cluster.Client.GetGrain<IModelGrain>(Tanks.Name);
        await model.Define(Tanks);
        // The network silenced: each series' own model and its anomaly interval are what is tested.
        await model.SetWeights(new float[(await model.GetLatest()).Weights.Length]);

        const int series = 3, ticks = 3000;
        var jumps = new HashSet<(int Series, int Tick)>();
        long normal = 0, normalFlagged = 0, jumpsFlagged = 0;
        for (int s = 0; s < series; s++)
        {
            var random = new Random(40 + s);
            var tank = new TankSeries(40 + s);
            double shift = 0;
            var stream = new Tick[ticks];
            // A pressure jump of 25 kPa up or down (a stuck valve, a leak) about every 300 ticks after the first 500, and it stays.
            for (int at = 500; at < ticks; at += 300) jumps.Add((s, at + random.Next(-50, 50)));
            for (int t = 0; t < ticks; t++)
            {
                if (jumps.Contains((s, t))) shift += random.NextDouble() < 0.5 ? 25 : -25;
                var features = tank.Next();
                features[0] += (float)shift;
                stream[t] = new Tick(t, DateTimeOffset.UnixEpoch.AddMinutes(t), features);
            }
            var grain = cluster.Client.GetGrain<ISeriesGrain>($"tank-{s}");
            var flags = new List<bool>();
            for (int t = 0; t < ticks; t += 100) flags.AddRange((await grain.ObserveMany(Tanks.Name, stream[t..(t + 100)])).Anomalies!);
            var status = await grain.Status();
            Assert.Equal(flags.Count(f => f), status.Anomalies);
            // The first 200 ticks teach the series' model; every later tick is judged.
            for (int t = 200; t < ticks; t++)
            {
                if (jumps.Contains((s, t)))
                {
                    if (flags[t]) jumpsFlagged++;
                }
                else
                {
                    normal++;
                    if (flags[t]) normalFlagged++;
                }
            }
        }

        int injected = jumps.Count(j => j.Tick >= 200 && j.Tick < ticks);
        Assert.True(jumpsFlagged >= 0.9 * injected, $"{jumpsFlagged} of {injected} jumps flagged");
        Assert.True(normalFlagged < 0.01 * normal, $"{normalFlagged} of {normal} normal ticks flagged");
    }
}
