using System.CommandLine;
using System.Globalization;
using LstmActors.Client.Cluster;
using Spectre.Console;

namespace LstmActors.Client.Commands;

/// <summary><c>predict SERIES</c>: the series' latest prediction of its next tick, with its running error against naive.</summary>
public static class PredictCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(CliConsole console)
    {
        var series = new Argument<string>("series") { Description = "Series id" };
        var cluster = ClusterArguments.GatewayOnly();
        var command = new Command("predict", "Show a series' prediction of its next tick") { series };
        cluster.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = cluster.Read(parse);
            await using var connection = await ClusterConnection.OpenAsync(target, cancellationToken);
            var (status, model) = await SeriesQueries.FindAsync(connection.Client, parse.GetValue(series)!);
            var prediction = model.PredictedFeatures.Zip(status.LastPrediction).ToDictionary(p => p.First, p => p.Second);
            if (CliConsole.WantsJson(parse))
            {
                console.WriteJson(new
                {
                    series = status.SeriesId, model = status.Model, status.TicksSeen, status.LastSequence, status.ModelVersion,
                    forSequence = status.LastSequence + 1, prediction, status.Error, status.NaiveError, status.RecentError, status.RecentNaiveError, status.Silo, seasons = status.Seasons,
                });
                return ExitCodes.Ok;
            }
            console.WriteLine($"Series {status.SeriesId} (model {status.Model} v{status.ModelVersion}, {status.TicksSeen} ticks, on silo {status.Silo}) predicts tick {status.LastSequence + 1}:");
            var table = new Table().AddColumns("feature", "prediction");
            foreach (var (feature, value) in prediction) table.AddRow(Markup.Escape(feature), value.ToString("G6", CultureInfo.InvariantCulture));
            console.Ansi.Write(table);
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Online error {status.RecentError:0.0000} vs naive {status.RecentNaiveError:0.0000} (recent), {status.Error:0.0000} vs {status.NaiveError:0.0000} (whole series)."));
            if (status.Seasons is { } seasons)
                console.WriteLine(seasons.Length == 0 ? "Its own autoregression has no seasonal period." : $"Its own autoregression uses seasonal periods of {string.Join(", ", seasons)} ticks.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
