using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using LstmActors.Client.Cluster;
using LstmActors.Client.Csv;
using LstmActors.Client.Live;
using LstmActors.Client.Models;
using LstmActors.Client.Streaming;
using LstmActors.Grains.Models;
using Spectre.Console;

namespace LstmActors.Client.Commands;

/// <summary><c>stream --csv FILE</c>: sends every row of a long-format CSV to its series grain and writes the predictions.</summary>
public static class StreamCommand
{
    private const int MaxBlock = 64;
    private const int MaxBuffered = 8192;

    /// <summary>Builds the verb.</summary>
    public static Command Create(CliConsole console)
    {
        var csv = new Option<string>("--csv") { Description = "Input: header 'series,t,<feature>...', one row per tick, series interleaved or grouped", Required = true, HelpName = "file" };
        var output = new Option<string?>("--out") { Description = "Write 'series,t,prediction_<feature>...,lower_80_<feature>...,upper_80_<feature>...' for every input row (the prediction of that series' next row and its 80% interval)", HelpName = "file" };
        var train = new Option<bool>("--train") { Description = "Train the model online while streaming (a model created by this stream trains; an existing one keeps its own setting)" };
        var model = new Option<string?>("--model") { Description = "Model the series belong to; created from the CSV's feature columns if the cluster does not know it (default: the file name)", HelpName = "name" };
        var weights = new Option<string?>("--weights") { Description = "Start the model from a file written by 'lstmactors fit' (installed as a new version before streaming)", HelpName = "file" };
        var cell = CellOption.Create();
        var season = SeasonOption.Create();
        var pacing = new Option<Pacing?>("--pacing")
        {
            Description = "data: training keeps pace with the file, each window's step applied before the series predict past it; the same file gives the same predictions " +
                "(the default when the model trains). time: ticks go as fast as the cluster takes them, training in time-paced rounds beside them, as for live streams",
            HelpName = "data|time",
        };
        var cluster = ClusterArguments.GatewayOrEmbedded();
        var command = new Command("stream", "Stream a CSV of ticks through the cluster and write the predictions") { csv, output, train, model, weights, cell, season, pacing };
        cluster.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(console, new StreamRequest(
            parse.GetValue(csv)!, parse.GetValue(output), parse.GetValue(train), parse.GetValue(model), parse.GetValue(weights), parse.GetValue(cell),
            SeasonOption.Periods(parse.GetValue(season)), parse.GetValue(pacing), cluster.Read(parse), CliConsole.WantsJson(parse)), cancellationToken));
        return command;
    }

    private sealed record StreamRequest(string Csv, string? Out, bool Train, string? Model, string? Weights, RecurrentCell Cell, int[]? Seasons, Pacing? Pacing, ClusterTarget Target, bool Json);

    private static async Task<int> RunAsync(CliConsole console, StreamRequest request, CancellationToken cancellationToken)
    {
        using var reader = TickCsvReader.Open(request.Csv);
        var fitted = request.Weights is null ? null : FittedModelFile.Load(request.Weights);
        await using var connection = await ClusterConnection.OpenAsync(request.Target, cancellationToken);
        var modelName = request.Model ?? fitted?.Definition.Name ?? Path.GetFileNameWithoutExtension(request.Csv);
        if (fitted is not null)
        {
            var definition = fitted.Named(modelName);
            if (!request.Train) definition = definition with { Training = definition.Training with { Mode = TrainingMode.Off } };
            ModelVersion installed;
            try
            {
                installed = await fitted.InstallAsync(connection.Client, definition);
            }
            catch (Exception e)
            {
                throw GrainErrors.Translate(e, $"{request.Weights}: model '{modelName}'");
            }
            if (!request.Json) console.WriteLine($"Model '{modelName}' starts from {request.Weights} (version {installed.Version}).");
        }
        var selection = await ModelSelection.ResolveAsync(connection.Client, modelName, reader.FeatureNames, request.Train, request.Csv, request.Cell, request.Seasons);
        if (!request.Json && selection.Created)
            console.WriteLine($"Created model '{modelName}' from the CSV's columns: {string.Join(", ", selection.Definition.Features)} (training {selection.Definition.Training.Mode.ToString().ToLowerInvariant()}).");

        using var writer = request.Out is null ? null : new PredictionCsvWriter(request.Out, selection.Definition.PredictedFeatures);
        var sink = new OrderedRowSink<TickOutcome>(o => writer?.Write(o.Tick.Series, o.Tick.Time, o.Prediction, o.Lower, o.Upper));
        var latestVersion = 0;
        var duplicates = 0L;
        int Receive(TickOutcome outcome)
        {
            InterlockedMax(ref latestVersion, outcome.ModelVersion);
            if (outcome.Duplicate) Interlocked.Increment(ref duplicates);
            return sink.Complete(outcome.Tick.Row, outcome);
        }
        var trains = selection.Definition.Training.Mode != TrainingMode.Off;
        var pacing = request.Pacing ?? (trains ? Pacing.Data : Pacing.Time);
        var ticks = new CsvTicks(request.Csv, selection);
        var clock = Stopwatch.StartNew();
        InputException? readError = null;
        LatencyRecorder latency;
        if (pacing == Pacing.Data)
        {
            var replay = new DataPacedReplay(connection.Client, modelName, selection.Definition.WindowLength, Receive);
            latency = replay.Latency;
            await WithProgress(console, request, async progress =>
            {
                readError = await ReadAllAsync(reader, ticks, tick => { replay.Add(tick); return ValueTask.CompletedTask; }, () => progress(reader.Fraction / 2 ?? 0));
                int blocks = replay.Blocks;
                await replay.RunAsync(done => progress(0.5 + 0.5 * done / blocks), cancellationToken);
            });
        }
        else
        {
            var streamer = new TickStreamer(connection.Client, modelName, MaxBlock, MaxBuffered, Receive);
            latency = streamer.Latency;
            await WithProgress(console, request, async progress =>
                readError = await ReadAllAsync(reader, ticks, tick => streamer.SendAsync(tick, cancellationToken), () => progress(reader.Fraction ?? 0)));
            await streamer.CompleteAsync();
        }
        writer?.Dispose();
        // Everything read before a bad row is delivered (and written) before the error is reported.
        if (readError is not null) throw readError;

        var seconds = clock.Elapsed.TotalSeconds;
        var rows = ticks.Rows;
        var summary = new StreamSummary(modelName, selection.Created, rows, ticks.Series, Interlocked.Read(ref duplicates), Math.Round(seconds, 3),
            Math.Round(rows / Math.Max(seconds, 1e-9)), latency.Quantile(0.5).TotalMilliseconds, latency.Quantile(0.99).TotalMilliseconds,
            latestVersion, pacing.ToString().ToLowerInvariant(), selection.Definition.Autoregression, selection.Definition.Seasons, request.Out, request.Target.ToString());
        if (request.Json)
        {
            console.WriteJson(summary);
            return ExitCodes.Ok;
        }
        var table = new Table().HideHeaders().AddColumns("", "").Border(TableBorder.Rounded);
        table.Columns[1].RightAligned();
        table.AddRow("rows", rows.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("series", ticks.Series.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("duplicates (already seen)", summary.Duplicates.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("seconds", seconds.ToString("0.00", CultureInfo.InvariantCulture));
        table.AddRow("ticks/s", summary.TicksPerSecond.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("latency p50 / p99 (ms)", string.Create(CultureInfo.InvariantCulture, $"{summary.P50Ms:0.00} / {summary.P99Ms:0.00}"));
        table.AddRow("model", $"{Markup.Escape(modelName)} v{latestVersion}");
        table.AddRow("pacing", summary.Pacing);
        console.Ansi.Write(table);
        if (request.Out is not null) console.WriteLine($"Predictions written to {request.Out}");
        return ExitCodes.Ok;
    }

    private sealed record StreamSummary(string Model, bool ModelCreated, long Rows, int Series, long Duplicates, double Seconds, double TicksPerSecond,
        double P50Ms, double P99Ms, int ModelVersion, string Pacing, bool Autoregression, int[]? Seasons, string? Out, string Cluster);

    /// <summary>Reads every row into ticks for <paramref name="send"/>; returns the error of a bad row, after the rows before it were sent.</summary>
    private static async Task<InputException?> ReadAllAsync(TickCsvReader reader, CsvTicks ticks, Func<StreamedTick, ValueTask> send, Action progress)
    {
        try
        {
            foreach (var row in reader.ReadRows())
            {
                await send(ticks.Next(row));
                if (ticks.Rows % 1024 == 0) progress();
            }
            return null;
        }
        catch (InputException e)
        {
            return e;
        }
    }

    /// <summary>Runs <paramref name="work"/> under a progress bar on an interactive terminal; it reports the fraction done.</summary>
    private static async Task WithProgress(CliConsole console, StreamRequest request, Func<Action<double>, Task> work)
    {
        if (console.IsInteractive && !request.Json)
        {
            await console.Ansi.Progress().AutoClear(true).StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(Path.GetFileName(request.Csv)), maxValue: 1);
                await work(fraction => task.Value = fraction);
            });
        }
        else
        {
            await work(_ => { });
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current) return;
            current = seen;
        }
    }
}
