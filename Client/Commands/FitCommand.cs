using System.CommandLine;
using System.Globalization;
using LstmActors.Client.Cluster;
using LstmActors.Client.Csv;
using LstmActors.Client.Models;
using LstmActors.Client.Streaming;
using LstmActors.Grains.Models;
using LstmActors.Grains.Series;
using LstmActors.Grains.Training;
using Spectre.Console;

namespace LstmActors.Client.Commands;

/// <summary>
/// <c>fit --csv FILE --model NAME</c>: trains a model offline on history and saves it for a cluster to start from.
/// Each epoch replays every series of the file through series grains of a private embedded cluster — the very
/// scaling, windows and gradient path the live cluster uses — so the saved weights mean the same thing there.
/// </summary>
public static class FitCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(CliConsole console)
    {
        var csv = new Option<string>("--csv") { Description = "History: header 'series,t,<feature>...', one row per tick", Required = true, HelpName = "file" };
        var model = new Option<string>("--model") { Description = "Model to train (a built-in one, or a new one from the CSV's feature columns)", Required = true, HelpName = "name" };
        var output = new Option<string?>("--out") { Description = "Model file to write (default: <model>.lstm)", HelpName = "file" };
        var epochs = DemoCommand.PositiveOption("--epochs", "Most passes over the history", 20);
        var patience = DemoCommand.PositiveOption("--patience", "Stop after this many epochs without improvement (early stopping)", 3);
        var minDelta = new Option<double>("--min-delta") { Description = "Smallest decrease of the epoch error that counts as improvement", DefaultValueFactory = _ => 0.0 };
        var cell = CellOption.Create();
        var command = new Command("fit", "Train a model offline on a CSV of history and save it as a cluster's starting weights") { csv, model, output, epochs, patience, minDelta, cell };
        command.SetAction((parse, cancellationToken) => RunAsync(console, new FitRequest(parse.GetValue(csv)!, parse.GetValue(model)!,
            parse.GetValue(output) ?? parse.GetValue(model) + ".lstm", parse.GetValue(epochs), parse.GetValue(patience), parse.GetValue(minDelta),
            parse.GetValue(cell), CliConsole.WantsJson(parse)), cancellationToken));
        return command;
    }

    private sealed record FitRequest(string Csv, string Model, string Out, int Epochs, int Patience, double MinDelta, RecurrentCell Cell, bool Json);

    /// <summary>One epoch's figures: mean online error of the series against naive, and the model after it.</summary>
    private sealed record EpochResult(int Epoch, double Error, double NaiveError, int Version, float? Loss);

    private static async Task<int> RunAsync(CliConsole console, FitRequest request, CancellationToken cancellationToken)
    {
        var (features, rows) = TickCsvReader.ReadAll(request.Csv);
        if (rows.Count == 0) throw new InputException($"{request.Csv}: no data rows to fit on");
        var series = rows.Select(r => r.Series).Distinct(StringComparer.Ordinal).ToArray();

        await using var connection = await ClusterConnection.OpenAsync(new ClusterTarget([], "fit", 1), cancellationToken, grains => grains.PersistEveryTicks = 100_000);
        var grains = connection.Client;
        var selection = await ModelSelection.ResolveAsync(grains, request.Model, features, train: true, request.Csv, request.Cell);
        if (selection.Definition.Training.Mode == TrainingMode.Off)
            throw new InputException($"model '{request.Model}' is defined with training off; fit needs a model that trains");
        var modelGrain = grains.GetGrain<IModelGrain>(request.Model);

        var history = new List<EpochResult>();
        EpochResult? best = null;
        float[]? bestWeights = null;
        var stale = 0;
        for (var epoch = 1; epoch <= request.Epochs; epoch++)
        {
            var prefix = $"fit-{epoch}/";
            if (console.IsInteractive && !request.Json)
            {
                await console.Ansi.Progress().AutoClear(true).StartAsync(async progress =>
                {
                    var task = progress.AddTask($"epoch {epoch}/{request.Epochs}", maxValue: 1);
                    await ReplayAsync(grains, request, selection, rows, prefix, fraction => task.Value = fraction, cancellationToken);
                });
            }
            else
            {
                await ReplayAsync(grains, request, selection, rows, prefix, _ => { }, cancellationToken);
            }

            var result = await MeasureAsync(grains, modelGrain, series, prefix, epoch);
            history.Add(result);
            var improved = best is null || result.Error < best.Error - request.MinDelta;
            if (improved)
            {
                best = result;
                bestWeights = (await modelGrain.GetLatest()).Weights;
                stale = 0;
            }
            else
            {
                stale++;
            }
            if (!request.Json)
                console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"epoch {epoch}/{request.Epochs}: error {result.Error:0.00000} (naive {result.NaiveError:0.00000}), model v{result.Version}, loss {(result.Loss is float l ? l.ToString("0.00000", CultureInfo.InvariantCulture) : "-")}{(improved ? " *" : "")}"));
            if (stale >= request.Patience) break;
        }

        new FittedModelFile(selection.Definition, bestWeights!).Save(request.Out);
        var stoppedEarly = history.Count < request.Epochs;
        if (request.Json)
        {
            console.WriteJson(new
            {
                model = request.Model, rows = rows.Count, series = series.Length, epochs = history.Count, bestEpoch = best!.Epoch, stoppedEarly,
                error = best.Error, naiveError = best.NaiveError, @out = request.Out, history,
            });
            return ExitCodes.Ok;
        }
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Best epoch {best!.Epoch}: error {best.Error:0.00000} vs naive {best.NaiveError:0.00000}{(stoppedEarly ? $" (stopped early after {history.Count} epochs)" : "")}."));
        console.WriteLine($"Saved model '{request.Model}' to {request.Out}; start a cluster from it with 'lstmactors models --load {request.Out}' or 'lstmactors-silo --models {request.Model}={request.Out}'.");
        return ExitCodes.Ok;
    }

    /// <summary>One epoch: every series of the history, data-paced, so an epoch's steps and the saved weights do not depend on timing.</summary>
    private static async Task ReplayAsync(IGrainFactory grains, FitRequest request, ModelSelection selection, List<TickRow> rows, string prefix,
        Action<double> fractionDone, CancellationToken cancellationToken)
    {
        var replay = new DataPacedReplay(grains, _ => 1);
        var ticks = new CsvTicks(request.Csv, prefix);
        foreach (var row in rows) replay.Add(ticks.Next(row, selection), selection.Definition.WindowLength);
        int blocks = replay.Blocks;
        await replay.RunAsync(done => fractionDone((double)done / blocks), cancellationToken);
    }

    private static async Task<EpochResult> MeasureAsync(IGrainFactory grains, IModelGrain model, string[] series, string prefix, int epoch)
    {
        var statuses = await Task.WhenAll(series.Select(s => grains.GetGrain<ISeriesGrain>(prefix + s).Status()));
        var status = await model.Status();
        var measured = statuses.Where(s => s.TicksSeen > 1).ToArray();
        if (measured.Length == 0) throw new InputException("no series of the history has two rows or more; there is nothing to learn from");
        return new EpochResult(epoch, measured.Average(s => s.Error), measured.Average(s => s.NaiveError), status.Version,
            status.RecentLosses.Count == 0 ? null : status.RecentLosses[^1].Loss);
    }
}
