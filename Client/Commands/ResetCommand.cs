using System.CommandLine;
using LstmActors.Client.Cluster;
using LstmActors.Client.Streaming;
using LstmActors.Grains.Series;

namespace LstmActors.Client.Commands;

/// <summary><c>reset SERIES</c>: Keras <c>reset_states</c> for one series (its carry is zeroed; scaler and numbering kept).</summary>
public static class ResetCommand
{
    /// <summary>Builds the verb.</summary>
    public static Command Create(CliConsole console)
    {
        var series = new Argument<string>("series") { Description = "Series id" };
        var cluster = ClusterArguments.GatewayOnly();
        var command = new Command("reset", "Reset a series' LSTM carry (Keras reset_states)") { series };
        cluster.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = cluster.Read(parse);
            await using var connection = await ClusterConnection.OpenAsync(target, cancellationToken);
            var id = parse.GetValue(series)!;
            var (status, _) = await SeriesQueries.FindAsync(connection.Client, id);
            try
            {
                await connection.Client.GetGrain<ISeriesGrain>(id).Reset();
            }
            catch (Exception e)
            {
                throw GrainErrors.Translate(e, $"series '{id}'");
            }
            if (CliConsole.WantsJson(parse)) console.WriteJson(new { series = id, reset = true, status.LastSequence });
            else console.WriteLine($"Series {id} reset: its carry is zero; its next tick is {status.LastSequence + 1}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
