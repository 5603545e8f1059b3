using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using LstmActors.Client.Cluster;
using LstmActors.Client.Live;
using LstmActors.Client.Simulation;
using LstmActors.Grains.Series;

namespace LstmActors.Client.Commands;

/// <summary><c>simulate</c>: synthetic stocks (GBM with OHLCV bars) and tanks (pressure/temperature physics) streamed to a cluster at a set rate.</summary>
public static class SimulateCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(CliConsole console)
    {
        var series = DemoCommand.PositiveOption("--series", "Simulated series, dealt evenly between stocks and tanks", 100);
        var rate = new Option<double>("--rate") { Description = "Ticks per second over all series (0: as fast as the cluster answers)", DefaultValueFactory = _ => 1000 };
        rate.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() < 0) r.AddError("--rate cannot be negative");
        });
        var ticks = new Option<long>("--ticks") { Description = "Ticks per series (0: until Ctrl-C)", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulated series", DefaultValueFactory = _ => 1 };
        var prefix = new Option<string>("--prefix") { Description = "Prefix of the series ids", DefaultValueFactory = _ => "sim-" };
        var cluster = ClusterArguments.GatewayOrEmbedded();
        var command = new Command("simulate", "Stream synthetic stocks and tanks to a cluster at a given rate") { series, rate, ticks, seed, prefix };
        cluster.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = cluster.Read(parse);
            await using var connection = await ClusterConnection.OpenAsync(target, cancellationToken);
            var grains = connection.Client;
            var fleet = SimulatedSeries.Fleet(parse.GetValue(series), parse.GetValue(seed), parse.GetValue(prefix)!);
            // Series that already have ticks go on from their last one instead of being acknowledged as duplicates.
            var statuses = await Task.WhenAll(fleet.Select(s => grains.GetGrain<ISeriesGrain>(s.Id).Status()));
            var lastSequences = statuses.Where(s => s.TicksSeen > 0).ToDictionary(s => s.SeriesId, s => s.LastSequence);

            var runner = new FleetRunner(grains, fleet, _ => { });
            var clock = Stopwatch.StartNew();
            var perSeries = parse.GetValue(ticks);
            var total = perSeries * fleet.Count;
            var json = CliConsole.WantsJson(parse);
            if (!json)
                console.WriteLine($"Streaming {fleet.Count} series to {target} at {(parse.GetValue(rate) > 0 ? $"{parse.GetValue(rate):N0} ticks/s" : "full speed")}{(perSeries == 0 ? "; Ctrl-C stops" : "")}.");
            var work = runner.RunAsync(perSeries, parse.GetValue(rate), cancellationToken, lastSequences);
            if (json) await work;
            else await LiveView.RunAsync(console, work, () => runner.ReadFrameAsync(clock.Elapsed, total));

            var frame = await runner.ReadFrameAsync(clock.Elapsed, total);
            var seconds = Math.Max(frame.Elapsed.TotalSeconds, 1e-9);
            if (json)
            {
                console.WriteJson(new
                {
                    series = fleet.Count, ticks = frame.Ticks, seconds = Math.Round(seconds, 2), ticksPerSecond = Math.Round(frame.Ticks / seconds),
                    p50Ms = frame.P50.TotalMilliseconds, p99Ms = frame.P99.TotalMilliseconds, kinds = frame.Models,
                });
                return ExitCodes.Ok;
            }
            console.Ansi.Write(LiveView.ModelTable(frame.Models, wholeRun: true));
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{frame.Ticks:N0} ticks in {seconds:0.0} s: {frame.Ticks / seconds:N0} ticks/s, latency p50 {frame.P50.TotalMilliseconds:0.00} ms, p99 {frame.P99.TotalMilliseconds:0.00} ms."));
            return ExitCodes.Ok;
        });
        return command;
    }
}
