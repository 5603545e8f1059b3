using System.CommandLine;
using LstmActors.Client.Commands;
using LstmActors.Grains.Models;
using LstmActors.Runtime;

namespace LstmActors.Client;

/// <summary>The <c>lstmactors</c> command line: verbs, global options, and the mapping of failures to exit codes.</summary>
public static class CliApp
{
    /// <summary>Runs the command line <paramref name="args"/> writing to <paramref name="output"/> and <paramref name="error"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var console = new CliConsole(output, error);
        var root = new RootCommand("LstmActors: many time series through stateful LSTMs on a cluster of actors.")
        {
            DemoCommand.Create(console),
            StreamCommand.Create(console),
            SimulateCommand.Create(console),
            FitCommand.Create(console),
            PredictCommand.Create(console),
            ForecastCommand.Create(console),
            ResetCommand.Create(console),
            StatusCommand.Create(console),
            ModelsCommand.Create(console),
        };
        root.Add(CliConsole.JsonOption);

        var parse = root.Parse(args);
        var invocation = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(invocation, cancellationToken);
        }
        catch (UsageException e)
        {
            return console.Fail(ExitCodes.Usage, e.Message);
        }
        catch (InputException e)
        {
            return console.Fail(ExitCodes.InputError, e.Message);
        }
        catch (ModelFileException e)
        {
            return console.Fail(ExitCodes.InputError, e.Message);
        }
        catch (ClusterUnreachableException e)
        {
            return console.Fail(ExitCodes.ClusterUnreachable, e.Message);
        }
        catch (SiloUnavailableException e)
        {
            return console.Fail(ExitCodes.ClusterUnreachable, e.Message);
        }
        catch (RemoteGrainException e)
        {
            return console.Fail(ExitCodes.ClusterError, $"the cluster failed the request: {e.Message}");
        }
        catch (TimeoutException e)
        {
            return console.Fail(ExitCodes.ClusterUnreachable, $"the cluster did not answer in time: {e.Message}");
        }
        catch (OperationCanceledException)
        {
            return console.Fail(ExitCodes.Interrupted, "interrupted");
        }
    }
}
