using System.CommandLine;
using System.Security.Authentication;
using LstmActors.Client.Commands;
using LstmActors.Client.Streaming;
using LstmActors.Grains.Models;

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
            BacktestCommand.Create(console),
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
        catch (Exception e) when (Classify(e) is (int exitCode, string message))
        {
            return console.Fail(exitCode, message);
        }
    }

    /// <summary>The exit code and one-line message of a failure the user is told about; null for a bug (it propagates).</summary>
    private static (int ExitCode, string Message)? Classify(Exception error)
    {
        // A grain call no command wrapped: Orleans' connection errors and grain failures reach the user all the same.
        if (error is OrleansException or TimeoutException or AuthenticationException) error = GrainErrors.Translate(error, null);
        return error switch
        {
            UsageException => (ExitCodes.Usage, error.Message),
            InputException or ModelFileException => (ExitCodes.InputError, error.Message),
            ClusterUnreachableException => (ExitCodes.ClusterUnreachable, error.Message),
            ClusterRequestException => (ExitCodes.ClusterError, error.Message),
            OperationCanceledException => (ExitCodes.Interrupted, "interrupted"),
            _ => null,
        };
    }
}
