using System.CommandLine;
using System.Globalization;
using LstmActors.Client.Csv;
using LstmActors.Client.Streaming;
using Spectre.Console;

namespace LstmActors.Client.Commands;

/// <summary><c>stream --csv FILE</c>: sends every row of a long-format CSV to its series grain and writes the predictions.</summary>
public static class StreamCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(CliConsole console)
    {
        var shared = new CsvStreamOptions();
        var output = new Option<string?>("--out") { Description = "Write 'series,t,prediction_<feature>...,lower_80_<feature>...,upper_80_<feature>...' for every input row (the prediction of that series' next row and its 80% interval)", HelpName = "file" };
        var train = new Option<bool>("--train") { Description = "Train the model online while streaming (a model created by this stream trains; an existing one keeps its own setting)" };
        var weights = new Option<string?>("--weights") { Description = "Start the model from a file written by 'lstmactors fit' (installed as a new version before streaming)", HelpName = "file" };
        var pacing = new Option<Pacing?>("--pacing")
        {
            Description = "data: training keeps pace with the file, each window's step applied before the series predict past it; the same file gives the same predictions " +
                "(the default when the model trains). time: ticks go as fast as the cluster takes them, training in time-paced rounds beside them, as for live streams",
            HelpName = "data|time",
        };
        var command = new Command("stream", "Stream a CSV of ticks through the cluster and write the predictions") { output, train, weights, pacing };
        shared.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(console, new StreamRequest(parse.GetValue(output),
            shared.Read(parse, parse.GetValue(train), parse.GetValue(weights), parse.GetValue(pacing))), cancellationToken));
        return command;
    }

    private sealed record StreamRequest(string? Out, CsvStreamRequest Stream);

    private static async Task<int> RunAsync(CliConsole console, StreamRequest request, CancellationToken cancellationToken)
    {
        PredictionCsvWriter? writer = null;
        long anomalies = 0;
        CsvStreamResult result;
        try
        {
            result = await CsvStream.RunAsync(console, request.Stream, selection =>
            {
                writer = request.Out is null ? null : new PredictionCsvWriter(request.Out, selection.Definition.PredictedFeatures);
                return o =>
                {
                    writer?.Write(o.Tick.Series, o.Tick.Time, o.Prediction, o.Lower, o.Upper, o.Duplicate ? null : o.Anomaly);
                    if (o.Anomaly) anomalies++;
                };
            }, cancellationToken);
        }
        finally
        {
            // Everything delivered before a failure is written before the error is reported.
            writer?.Dispose();
        }
        var definition = result.Selection.Definition;
        // A data-paced replay reads the whole file before it sends: its rate alone is the one to set beside a loop that is handed parsed arrays.
        double? replaySeconds = result.Seconds - result.ReadSeconds;
        var summary = new StreamSummary(result.Model, result.Selection.Created, result.Rows, result.Series, result.Duplicates, Math.Round(result.Seconds, 3),
            Math.Round(result.Rows / Math.Max(result.Seconds, 1e-9)), result.ReadSeconds is { } read ? Math.Round(read, 3) : null,
            replaySeconds is { } replay ? Math.Round(result.Rows / Math.Max(replay, 1e-9)) : null, result.Latency.Quantile(0.5).TotalMilliseconds, result.Latency.Quantile(0.99).TotalMilliseconds,
            result.ModelVersion, result.Pacing.ToString().ToLowerInvariant(), definition.Autoregression, definition.Seasons, result.SeriesPerModel, anomalies, request.Out, request.Stream.Target.ToString());
        if (request.Stream.Json)
        {
            console.WriteJson(summary);
            return ExitCodes.Ok;
        }
        var table = new Table().HideHeaders().AddColumns("", "").Border(TableBorder.Rounded);
        table.Columns[1].RightAligned();
        table.AddRow("rows", summary.Rows.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("series", summary.Series.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("duplicates (already seen)", summary.Duplicates.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("seconds", result.Seconds.ToString("0.00", CultureInfo.InvariantCulture));
        table.AddRow("ticks/s", summary.TicksPerSecond.ToString("N0", CultureInfo.InvariantCulture));
        if (summary.ReadSeconds is { } readFor && summary.ReplayTicksPerSecond is { } replayRate)
            table.AddRow("of which reading (s) / replay ticks/s", string.Create(CultureInfo.InvariantCulture, $"{readFor:0.00} / {replayRate:N0}"));
        table.AddRow("latency p50 / p99 (ms)", string.Create(CultureInfo.InvariantCulture, $"{summary.P50Ms:0.00} / {summary.P99Ms:0.00}"));
        table.AddRow("model", result.SeriesPerModel.Count > 1 ? $"{result.SeriesPerModel.Count} models" : $"{Markup.Escape(result.Selection.Definition.Name)} v{result.ModelVersion}");
        table.AddRow("pacing", summary.Pacing);
        table.AddRow("anomalies", anomalies.ToString("N0", CultureInfo.InvariantCulture));
        console.Ansi.Write(table);
        if (request.Out is not null) console.WriteLine($"Predictions written to {request.Out}");
        return ExitCodes.Ok;
    }

    private sealed record StreamSummary(string Model, bool ModelCreated, long Rows, int Series, long Duplicates, double Seconds, double TicksPerSecond,
        double? ReadSeconds, double? ReplayTicksPerSecond, double P50Ms, double P99Ms, int ModelVersion, string Pacing, bool Autoregression, int[]? Seasons, IReadOnlyDictionary<string, int> Models, long Anomalies, string? Out, string Cluster);

}
