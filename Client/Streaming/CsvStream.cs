using System.Diagnostics;
using LstmActors.Client.Cluster;
using LstmActors.Client.Csv;
using LstmActors.Client.Live;
using LstmActors.Client.Models;
using LstmActors.Grains.Models;
using Spectre.Console;

namespace LstmActors.Client.Streaming;

/// <summary>What a CSV stream did: its model, and the number of series each model it used took.</summary>
internal sealed record CsvStreamResult(string Model, ModelSelection Selection, IReadOnlyDictionary<string, int> SeriesPerModel, long Rows, int Series,
    long Duplicates, double Seconds, double? ReadSeconds, LatencyRecorder Latency, int ModelVersion, Pacing Pacing);

/// <summary>
/// Streams every row of a long-format CSV to its series grain, data- or time-paced, and hands each answer on in the
/// file's row order. Shared by <c>stream</c> (which writes the answers) and <c>backtest</c> (which scores them).
/// </summary>
internal static class CsvStream
{
    private const int MaxBlock = 64;
    private const int MaxBuffered = 8192;

    /// <summary>
    /// Runs <paramref name="request"/>; <paramref name="begin"/> gets the model once it is resolved and returns the
    /// consumer of the answers, in row order. Rows before a bad one are delivered before its error is thrown.
    /// </summary>
    public static async Task<CsvStreamResult> RunAsync(CliConsole console, CsvStreamRequest request, Func<ModelSelection, Action<TickOutcome>> begin,
        CancellationToken cancellationToken)
    {
        using var reader = TickCsvReader.Open(request.Csv, request.Routing.Column);
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
        if (fitted is not null && request.Routing.Routes)
            throw new UsageException("--weights starts one model; it cannot be used with --model-of, --model-column or --model-per-series");
        var selections = new Dictionary<string, ModelSelection>(StringComparer.Ordinal);
        var seriesPerModel = new Dictionary<string, int>(StringComparer.Ordinal);
        var modelOfSeries = new Dictionary<string, ModelSelection>(StringComparer.Ordinal);
        // A model this stream creates for a data-paced replay without --season is defined once the file is read, with the
        // season its series show together, if any (KindSeasons).
        bool poolSeasons = request.Seasons is null && (request.Pacing ?? (request.Train ? Pacing.Data : Pacing.Time)) == Pacing.Data;
        async ValueTask<ModelSelection> Resolve(string name)
        {
            if (selections.TryGetValue(name, out var known)) return known;
            var resolved = await ModelSelection.ResolveAsync(connection.Client, name, reader.FeatureNames, request.Train, request.Csv, request.Cell, request.Seasons,
                request.ScaleHead, deferDefine: poolSeasons);
            if (selections.Count > 0 && !resolved.Definition.PredictedFeatures.SequenceEqual(selections.Values.First().Definition.PredictedFeatures))
                throw new InputException($"{request.Csv}: model '{name}' predicts [{string.Join(", ", resolved.Definition.PredictedFeatures)}], model '{selections.Keys.First()}' [{string.Join(", ", selections.Values.First().Definition.PredictedFeatures)}]; the models of one stream must predict the same features");
            if (!request.Json && resolved.Created && (!request.Routing.Routes || selections.Count < 3))
                console.WriteLine($"Created model '{name}' from the CSV's columns: {string.Join(", ", resolved.Definition.Features)} (training {resolved.Definition.Training.Mode.ToString().ToLowerInvariant()}).");
            return selections[name] = resolved;
        }
        // A series' model is decided by its first row: the reader makes sure its later rows name the same one.
        async ValueTask<ModelSelection> SelectionOf(TickRow row)
        {
            if (modelOfSeries.TryGetValue(row.Series, out var known)) return known;
            var selection = await Resolve(request.Routing.ModelOf(row, modelName));
            seriesPerModel[selection.Definition.Name] = seriesPerModel.GetValueOrDefault(selection.Definition.Name) + 1;
            return modelOfSeries[row.Series] = selection;
        }
        // The stream's own model is resolved first (and checked against the file) unless every series may go elsewhere.
        var selection = request.Routing.Routes ? null : await Resolve(modelName);
        Action<TickOutcome>? consume = selection is null ? null : begin(selection);
        var sink = new OrderedRowSink<TickOutcome>(o => consume!(o));
        var latestVersion = 0;
        var duplicates = 0L;
        int Receive(TickOutcome outcome)
        {
            InterlockedMax(ref latestVersion, outcome.ModelVersion);
            if (outcome.Duplicate) Interlocked.Increment(ref duplicates);
            return sink.Complete(outcome.Tick.Row, outcome);
        }
        var ticks = new CsvTicks(request.Csv);
        var seasons = new SeasonCheck(request.Csv);
        async ValueTask<StreamedTick> Next(TickRow row)
        {
            var chosen = await SelectionOf(row);
            if (consume is null)
            {
                selection = chosen;
                consume = begin(chosen);
            }
            var tick = ticks.Next(row, chosen);
            seasons.Add(tick);
            return tick;
        }
        async Task DefinePending(DataPacedReplay replay)
        {
            foreach (var name in selections.Where(s => s.Value.Pending).Select(s => s.Key).ToList())
            {
                var pending = selections[name];
                var kind = KindSeasons.Of(pending.Definition, replay);
                if (kind is { } found && !request.Json)
                    console.WriteLine($"Model '{name}': season {found.Season} found in the first changes of its {found.Series} series together.");
                selections[name] = await pending.DefineAsync(connection.Client, kind is { } k ? [k.Season] : null, request.Csv);
            }
            if (selection is not null) selection = selections[selection.Definition.Name];
        }
        string? SeasonProblem() => seasons.Problem(selections.Values.Select(s => s.Definition));
        var trains = selection is null ? request.Train : selection.Definition.Training.Mode != TrainingMode.Off;
        var pacing = request.Pacing ?? (trains ? Pacing.Data : Pacing.Time);
        var clock = Stopwatch.StartNew();
        InputException? readError = null;
        double? readSeconds = null;
        LatencyRecorder latency;
        if (pacing == Pacing.Data)
        {
            var replay = new DataPacedReplay(connection.Client, Receive);
            latency = replay.Latency;
            await WithProgress(console, request, async progress =>
            {
                readError = await ReadAllAsync(reader, ticks, async row =>
                {
                    var tick = await Next(row);
                    replay.Add(tick, selections[tick.Model].Definition.WindowLength);
                }, () => progress(reader.Fraction / 2 ?? 0));
                await DefinePending(replay);
                // The whole file is read before anything is sent: a season longer than it stops the replay before it starts.
                if (readError is null && SeasonProblem() is { } problem) throw new InputException(problem);
                readSeconds = clock.Elapsed.TotalSeconds;
                int blocks = replay.Blocks;
                await replay.RunAsync(done => progress(0.5 + 0.5 * done / blocks), cancellationToken);
            });
        }
        else
        {
            var streamer = new TickStreamer(connection.Client, MaxBlock, MaxBuffered, Receive);
            latency = streamer.Latency;
            await WithProgress(console, request, async progress =>
                readError = await ReadAllAsync(reader, ticks, async row => await streamer.SendAsync(await Next(row), cancellationToken), () => progress(reader.Fraction ?? 0)));
            await streamer.CompleteAsync();
            // Sent as read, so checked only at the end: every answer is already written, and a lag that never reaches back
            // adds nothing to them, so the stream stands and the user is told.
            if (readError is null && SeasonProblem() is { } problem) console.Warn(problem);
        }
        if (readError is not null) throw readError;
        if (selection is null) throw new InputException($"{request.Csv}: no data rows");
        return new CsvStreamResult(modelName, selection, seriesPerModel, ticks.Rows, ticks.Series, Interlocked.Read(ref duplicates), clock.Elapsed.TotalSeconds,
            readSeconds, latency, latestVersion, pacing);
    }

    /// <summary>Reads every row for <paramref name="send"/>; returns the error of a bad row, after the rows before it were sent.</summary>
    private static async Task<InputException?> ReadAllAsync(TickCsvReader reader, CsvTicks ticks, Func<TickRow, ValueTask> send, Action progress)
    {
        try
        {
            await foreach (var row in RowsReadAhead.ReadAsync(reader))
            {
                await send(row);
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
    private static async Task WithProgress(CliConsole console, CsvStreamRequest request, Func<Action<double>, Task> work)
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
