using System.CommandLine;
using System.Globalization;
using LstmActors.Client.Backtest;
using LstmActors.Client.Streaming;
using Spectre.Console;

namespace LstmActors.Client.Commands;

/// <summary><c>backtest --csv FILE</c>: replays a CSV data-paced with online training and scores each series' online forecasts.</summary>
public static class BacktestCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(CliConsole console)
    {
        var shared = new CsvStreamOptions();
        var from = new Option<double>("--from")
        {
            Description = "Where scoring starts in each series, as a share of its length (the ticks before are learnt from and scale MASE)",
            DefaultValueFactory = _ => 0.5,
            HelpName = "share",
        };
        from.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is var v && !(v > 0 && v < 1)) r.AddError($"--from must be between 0 and 1 (exclusive), got {v.ToString(CultureInfo.InvariantCulture)}.");
        });
        var command = new Command("backtest", "Replay a CSV with online training (data-paced) and score every series' one-step forecasts: MAE, ÷ naive, MASE, sMAPE, interval coverage, pinball loss")
            { from };
        shared.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(console, shared.Read(parse, train: true, weights: null, Pacing.Data), parse.GetValue(from), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, CsvStreamRequest request, double from, CancellationToken cancellationToken)
    {
        BacktestScores? scores = null;
        var result = await CsvStream.RunAsync(console, request, selection =>
        {
            scores = new BacktestScores(selection.Definition.PredictedFeatures, selection.Definition.PredictedIndices(), from);
            return scores.Add;
        }, cancellationToken);
        var rows = scores!.Scores();
        var overall = rows.Count == 0 ? null : new
        {
            Series = rows.Count,
            Ticks = rows.Sum(r => r.Ticks),
            NaiveRatio = rows.Average(r => r.NaiveRatio),
            Mase = rows.Average(r => r.Mase),
            Smape = rows.Average(r => r.Smape),
            Coverage80 = rows.Sum(r => r.Coverage80 * r.Ticks) / rows.Sum(r => r.Ticks),
        };
        if (request.Json)
        {
            console.WriteJson(new { model = result.Model, modelVersion = result.ModelVersion, models = result.SeriesPerModel, from, series = rows, overall });
            return ExitCodes.Ok;
        }
        console.WriteLine($"Backtest of {result.Rows:N0} rows, {result.Series} series, model {result.Model} v{result.ModelVersion}, scored from {from:P0} of each series:");
        var table = new Table().AddColumns("series", "ticks", "MAE", "÷ naive", "MASE", "seasonal MASE", "sMAPE %", "80% coverage", "pinball", "anomalies");
        foreach (var column in table.Columns.Skip(1)) column.RightAligned();
        string F(double? v, string format) => v is double d && double.IsFinite(d) ? d.ToString(format, CultureInfo.InvariantCulture) : "-";
        foreach (var r in rows)
            table.AddRow(Markup.Escape(r.Series), r.Ticks.ToString(CultureInfo.InvariantCulture), F(r.Mae, "G5"), F(r.NaiveRatio, "0.000"), F(r.Mase, "0.000"),
                F(r.SeasonalMase, "0.000"), F(r.Smape, "0.00"), F(r.Coverage80, "P0"), F(r.Pinball, "G4"), r.Anomalies.ToString(CultureInfo.InvariantCulture));
        if (overall is not null)
            table.AddRow("[bold]mean[/]", overall.Ticks.ToString(CultureInfo.InvariantCulture), "", F(overall.NaiveRatio, "0.000"), F(overall.Mase, "0.000"), "",
                F(overall.Smape, "0.00"), F(overall.Coverage80, "P0"), "", rows.Sum(r => r.Anomalies).ToString(CultureInfo.InvariantCulture));
        console.Ansi.Write(table);
        return ExitCodes.Ok;
    }
}
