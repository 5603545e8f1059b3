using System.Security.Authentication;
using LstmActors.Grains.Series;
using Orleans.Runtime.Messaging;

namespace LstmActors.Client.Streaming;

/// <summary>
/// Turns a failed grain call into the client's error kinds: a rejected input (exit 2), an unreachable cluster (exit 3),
/// or a request the cluster failed (exit 4). Orleans delivers a grain's exception as its own type.
/// </summary>
internal static class GrainErrors
{
    /// <summary>The exception to report for <paramref name="error"/>; <paramref name="where"/> names the input (file and line, series), if known.</summary>
    public static Exception Translate(Exception error, string? where)
    {
        var at = where is null ? "" : $" ({where})";
        return error switch
        {
            InputException or UsageException or ClusterUnreachableException or ClusterRequestException or OperationCanceledException => error,
            // Writing the output is the client's own I/O, not the cluster's.
            IOException or UnauthorizedAccessException => error,
            InvalidTickException or TickSequenceException or ArgumentException => new InputException(where is null ? error.Message : $"{where}: {error.Message}"),
            SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException or AuthenticationException => new ClusterUnreachableException(
                $"the cluster closed the connection{at}: {error.Message}", error),
            TimeoutException => new ClusterUnreachableException($"the cluster did not answer in time{at}: {error.Message}", error),
            // The runtime's own failures (e.g. no active silo can host the grain), not a grain's answer.
            OrleansException => new ClusterUnreachableException($"the cluster could not serve the request{at}: {error.Message}", error),
            _ => new ClusterRequestException($"the cluster failed the request{at}: {error.GetType().FullName}: {error.Message}", error),
        };
    }
}
