using System.CommandLine;
using System.Globalization;
using LstmActors.Client.Cluster;
using LstmActors.Client.Streaming;
using LstmActors.Grains.Series;
using Spectre.Console;

namespace LstmActors.Client.Commands;

/// <summary><c>forecast SERIES --horizon K</c>: K steps ahead from a copy of the series' carry, its own predictions fed back.</summary>
public static class ForecastCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(CliConsole console)
    {
        var series = new Argument<string>("series") { Description = "Series id" };
        var horizon = DemoCommand.PositiveOption("--horizon", "Steps ahead", 10);
        var cluster = ClusterArguments.GatewayOnly();
        var command = new Command("forecast", "Forecast a series several steps ahead (its live carry is not touched)") { series, horizon };
        cluster.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = cluster.Read(parse);
            await using var connection = await ClusterConnection.OpenAsync(target, cancellationToken);
            var id = parse.GetValue(series)!;
            var (_, model) = await SeriesQueries.FindAsync(connection.Client, id);
            Forecast forecast;
            try
            {
                forecast = await connection.Client.GetGrain<ISeriesGrain>(id).Forecast(parse.GetValue(horizon));
            }
            catch (Exception e)
            {
                throw GrainErrors.Translate(e, $"series '{id}'");
            }
            var features = model.PredictedFeatures;
            float[][] Steps(float[]? values) => Enumerable.Range(0, forecast.Horizon)
                .Select(h => values is { Length: > 0 } ? values.AsSpan(h * features.Length, features.Length).ToArray() : []).ToArray();
            var steps = Steps(forecast.Values);
            var (lower, upper) = (Steps(forecast.Lower), Steps(forecast.Upper));
            if (CliConsole.WantsJson(parse))
            {
                console.WriteJson(new { series = id, model = model.Name, forecast.FromSequence, forecast.ModelVersion, forecast.Horizon, features, steps, lower80 = lower, upper80 = upper });
                return ExitCodes.Ok;
            }
            console.WriteLine($"Series {id}: forecast from tick {forecast.FromSequence} with model {model.Name} v{forecast.ModelVersion}");
            var table = new Table().AddColumn("t");
            foreach (var feature in features)
            {
                table.AddColumn(new TableColumn(Markup.Escape(feature)).RightAligned());
                table.AddColumn(new TableColumn(Markup.Escape($"{feature} 80%")).RightAligned());
            }
            string Cell(float v) => v.ToString("G6", CultureInfo.InvariantCulture);
            for (var h = 0; h < steps.Length; h++)
                table.AddRow([(forecast.FromSequence + h + 1).ToString(CultureInfo.InvariantCulture),
                    .. steps[h].SelectMany((v, i) => new[] { Cell(v), lower[h].Length > 0 ? $"{Cell(lower[h][i])} – {Cell(upper[h][i])}" : "" })]);
            console.Ansi.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
