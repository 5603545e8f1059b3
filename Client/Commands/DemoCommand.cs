using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using LstmActors.Client.Cluster;
using LstmActors.Client.Live;
using LstmActors.Client.Simulation;
using LstmActors.Grains.Training;
using LstmActors.Web.Hosting;
using Spectre.Console;

namespace LstmActors.Client.Commands;

/// <summary>
/// <c>demo</c>: the main job in one command — starts silos in this process, streams simulated stocks and tanks through
/// them with online training, shows the run live, and ends with online error against naive per kind.
/// </summary>
public static class DemoCommand
{
    /// <summary>File the predictions go to unless <c>--out</c> names another.</summary>
    public const string DefaultOut = "lstmactors-demo-predictions.csv";

    /// <summary>Builds the verb.</summary>
    public static Command Create(CliConsole console)
    {
        var series = PositiveOption("--series", "Simulated series, dealt evenly between stocks and tanks", 300);
        var ticks = PositiveOption("--ticks", "Ticks streamed per series", 600);
        var seed = new Option<int>("--seed") { Description = "Seed of the simulated series", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "CSV of every prediction: series,model,t,feature,actual,predicted,naive", DefaultValueFactory = _ => DefaultOut, HelpName = "file" };
        var httpPort = new Option<int>("--http-port") { Description = "Port of the first silo's live page (silo i: port + i); 0 picks free ports", DefaultValueFactory = _ => 0, HelpName = "port" };
        httpPort.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 65535) r.AddError("--http-port must be 0-65535");
        });
        var serve = new Option<bool>("--serve") { Description = "Keep the silos and their live pages up after the run, until Ctrl-C" };
        var cluster = ClusterArguments.EmbeddedOnly();
        var command = new Command("demo", "Start silos in this process, stream simulated stocks and tanks, train online, show the run live (also as a web page)") { series, ticks, seed, output, httpPort, serve };
        cluster.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(console, new DemoRequest(parse.GetValue(series), parse.GetValue(ticks), parse.GetValue(seed),
            parse.GetValue(output)!, parse.GetValue(httpPort), parse.GetValue(serve), cluster.Read(parse), CliConsole.WantsJson(parse)), cancellationToken));
        return command;
    }

    internal static Option<int> PositiveOption(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1) r.AddError($"{name} must be at least 1");
        });
        return option;
    }

    private sealed record DemoRequest(int Series, int Ticks, int Seed, string Out, int HttpPort, bool Serve, ClusterTarget Target, bool Json);

    private static async Task<int> RunAsync(CliConsole console, DemoRequest request, CancellationToken cancellationToken)
    {
        if (!request.Json)
            console.WriteLine($"Starting {request.Target} and streaming {request.Series} series × {request.Ticks} ticks (stocks and tanks, online training)…");
        await using var connection = await ClusterConnection.OpenAsync(request.Target, cancellationToken, embeddedWeb: WebOptions.Loopback(request.HttpPort));
        var grains = connection.Client;
        if (!request.Json)
        {
            foreach (var url in connection.WebUrls) console.WriteLine($"Live page: {url}/ (Orleans Dashboard {url}/dashboard/, metrics {url}/metrics)");
        }
        var fleet = SimulatedSeries.Fleet(request.Series, request.Seed, "");
        var predicted = new Dictionary<string, (string[] Names, int[] Indices)>();
        foreach (var model in fleet.Select(s => s.Model).Distinct())
        {
            var definition = await grains.GetGrain<IModelGrain>(model).GetDefinition();
            predicted[model] = (definition.PredictedFeatures, definition.PredictedIndices());
        }

        using var writer = new ObservationCsvWriter(request.Out, predicted);
        var runner = new FleetRunner(grains, fleet, writer.Write);
        var clock = Stopwatch.StartNew();
        var work = runner.RunAsync(request.Ticks, rate: 0, cancellationToken);
        var total = (long)request.Series * request.Ticks;
        if (request.Json) await work;
        else await LiveView.RunAsync(console, work, () => runner.ReadFrameAsync(clock.Elapsed, total));
        var elapsed = clock.Elapsed;
        writer.Dispose();
        var interrupted = cancellationToken.IsCancellationRequested;

        var frame = await runner.ReadFrameAsync(elapsed, total);
        var summary = new DemoSummary(request.Series, request.Ticks, request.Target.EmbeddedSilos, frame.Ticks, Math.Round(elapsed.TotalSeconds, 2),
            Math.Round(frame.Ticks / Math.Max(elapsed.TotalSeconds, 1e-9)), Math.Round(frame.P50.TotalMilliseconds, 3), Math.Round(frame.P99.TotalMilliseconds, 3),
            request.Out, frame.Models.Select(m => new KindSummary(m.Model, m.Series, m.Ticks, m.Version, m.Steps, m.Loss,
                m.RecentError, m.RecentNaiveError, m.Error, m.NaiveError, m.RecentError < m.RecentNaiveError)).ToArray(),
            connection.WebUrls.Select(u => u + "/").ToArray());
        var exitCode = interrupted ? ExitCodes.Interrupted : ExitCodes.Ok;
        if (request.Json)
        {
            console.WriteJson(summary);
            return await ServeAsync(console, request, connection, exitCode, cancellationToken);
        }
        console.Ansi.Write(new Rule("[bold]summary[/] (error: mean squared error of predicted changes in each series' scaled units; recent = last ~50 ticks)").LeftJustified());
        console.Ansi.Write(LiveView.ModelTable(frame.Models, wholeRun: true));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{summary.TicksAnswered:N0} ticks in {summary.Seconds:0.0} s on {summary.Silos} silo(s): {summary.TicksPerSecond:N0} ticks/s, latency p50 {summary.P50Ms:0.00} ms, p99 {summary.P99Ms:0.00} ms."));
        foreach (var kind in summary.Kinds)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{kind.Model}: online error {kind.RecentError:0.0000} vs naive {kind.RecentNaiveError:0.0000} over the last ~50 ticks per series — {(kind.BeatsNaive ? "better than naive" : "not better than naive")}."));
        }
        console.WriteLine($"Predictions written to {request.Out} ({writer.Rows:N0} rows).");
        return await ServeAsync(console, request, connection, exitCode, cancellationToken);
    }

    /// <summary>With <c>--serve</c> and a run that was not interrupted: keeps the silos and their pages up until Ctrl-C, which then is the normal end.</summary>
    private static async Task<int> ServeAsync(CliConsole console, DemoRequest request, ClusterConnection connection, int exitCode, CancellationToken cancellationToken)
    {
        if (!request.Serve || exitCode != ExitCodes.Ok) return exitCode;
        if (!request.Json) console.WriteLine($"Serving {string.Join(", ", connection.WebUrls.Select(u => u + "/"))} until Ctrl-C.");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
        return ExitCodes.Ok;
    }


    private sealed record DemoSummary(int Series, int TicksPerSeries, int Silos, long TicksAnswered, double Seconds, double TicksPerSecond,
        double P50Ms, double P99Ms, string Out, KindSummary[] Kinds, IReadOnlyList<string> Pages);

    private sealed record KindSummary(string Model, int Series, long Ticks, int Version, long Steps, float? Loss,
        double RecentError, double RecentNaiveError, double Error, double NaiveError, bool BeatsNaive);
}
