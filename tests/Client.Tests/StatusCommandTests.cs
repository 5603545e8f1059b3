using System.Text.Json;
using LstmActors.Grains.Models;
using LstmActors.Grains.Series;
using LstmActors.Grains.Simulation;
using LstmActors.Grains.Training;

namespace LstmActors.Client.Tests;

public sealed class StatusCommandTests
{
    private static readonly ModelDefinition Model = BuiltInModels.Tanks with
    {
        Name = "tanks-status",
        Units = 8,
        Training = BuiltInModels.Tanks.Training with { Mode = TrainingMode.Off },
    };

    [Fact]
    public async Task Json_and_table_show_each_silos_tick_figures_and_their_sum_per_model()
    {
        await using var cluster = await GatewayClusters.StartAsync(silos: 2);
        await cluster.Client.GetGrain<IModelGrain>(Model.Name).Define(Model);
        const int series = 16, ticks = 20;
        await Task.WhenAll(Enumerable.Range(0, series).Select(async s =>
        {
            var source = new TankSeries(s);
            var block = Enumerable.Range(0, ticks).Select(t => new Tick(t, DateTimeOffset.UnixEpoch.AddMinutes(t), source.Next())).ToArray();
            await cluster.Client.GetGrain<ISeriesGrain>($"status-{s}").ObserveMany(Model.Name, block);
        }));
        string[] target = ["--model", Model.Name, .. cluster.GatewayArgs()];

        var json = await CliRun.RunAsync(["status", "--json", .. target]);

        Assert.True(json.ExitCode == 0, json.ToString());
        var root = JsonDocument.Parse(json.Output).RootElement;
        var model = Assert.Single(root.GetProperty("models").EnumerateArray());
        // Every tick sent is one step of some silo's batcher: the sum over silos is exact, whatever the timing.
        Assert.Equal(series * ticks, model.GetProperty("ticks").GetInt64());
        Assert.InRange(model.GetProperty("batches").GetInt64(), 1, series * ticks);
        Assert.True(model.GetProperty("ticksPerSecond").GetDouble() >= 0, json.Output);
        Assert.True(model.TryGetProperty("trainingWindowsPerSecond", out _), json.Output);
        // The series' online evaluation over both silos: every tick but each series' first scored, each feature's interval judged.
        Assert.True(model.GetProperty("errorVsNaive").GetDouble() > 0, json.Output);
        Assert.InRange(model.GetProperty("intervalCoverage").GetDouble(), 0, 1);
        Assert.True(model.GetProperty("anomalies").GetInt64() >= 0, json.Output);
        var silos = root.GetProperty("silos").EnumerateArray().ToArray();
        // Every silo of the cluster, as Orleans' management grain names it, running, with its series grains counted.
        Assert.Equal(cluster.Silos.Select(s => s.SiloAddress.ToParsableString()).Order(), silos.Select(s => s.GetProperty("silo").GetString()).Order());
        Assert.All(silos, s => Assert.True(s.GetProperty("running").GetBoolean(), s.ToString()));
        Assert.Equal(series, silos.Sum(s => s.GetProperty("activations").EnumerateObject().Where(a => a.Name.EndsWith(".SeriesGrain", StringComparison.Ordinal)).Sum(a => a.Value.GetInt32())));
        var perSilo = silos.SelectMany(s => s.GetProperty("ticks").EnumerateArray()).Where(t => t.GetProperty("model").GetString() == Model.Name).ToArray();
        Assert.Equal(series * ticks, perSilo.Sum(t => t.GetProperty("ticks").GetInt64()));
        Assert.Equal(model.GetProperty("batches").GetInt64(), perSilo.Sum(t => t.GetProperty("batches").GetInt64()));
        Assert.All(perSilo, t => Assert.InRange(t.GetProperty("intervalSeconds").GetDouble(), 0, 60));

        var table = await CliRun.RunAsync(["status", .. target]);

        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("ticks/s", table.Output);
        Assert.Contains("80% coverage", table.Output);
        Assert.Contains("training windows/s", table.Output);
        Assert.Contains("SeriesGrain", table.Output);
        Assert.Contains($"{Model.Name} ", table.Output);
    }

    [Fact]
    public async Task Status_shows_the_seasons_series_found_in_their_first_changes_summed_over_silos()
    {
        await using var cluster = await GatewayClusters.StartAsync(silos: 2);
        var model = ModelDefinition.ForFeatures("seasons-status", "seasons-status", ["value"]) with
        {
            Units = 8,
            Training = Model.Training,
        };
        await cluster.Client.GetGrain<IModelGrain>(model.Name).Define(model);
        // Step numbers only (no dates): eight monthly-like series with a yearly wave, and four random walks.
        var random = new Random(5);
        await Task.WhenAll(Enumerable.Range(0, 12).Select(async s =>
        {
            double level = 100;
            var block = Enumerable.Range(0, 60).Select(t => new Tick(t + 1, default,
                [(float)(s < 8 ? 50 + 10 * Math.Sin(2 * Math.PI * t / 12 + s) : level += random.NextDouble() - 0.5)])).ToArray();
            await cluster.Client.GetGrain<ISeriesGrain>($"seasons-{s}").ObserveMany(model.Name, block);
        }));
        string[] target = ["--model", model.Name, .. cluster.GatewayArgs()];

        var json = await CliRun.RunAsync(["status", "--json", .. target]);
        var table = await CliRun.RunAsync(["status", .. target]);

        Assert.True(json.ExitCode == 0, json.ToString());
        var found = Assert.Single(JsonDocument.Parse(json.Output).RootElement.GetProperty("models").EnumerateArray()).GetProperty("seasonsFound");
        Assert.Equal(8, Assert.Single(found.EnumerateObject(), p => p.Name == "12").Value.GetInt64());
        Assert.Single(found.EnumerateObject());
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("12 (8 series)", table.Output);
    }
}
