using LstmActors.Grains.Series;
using LstmActors.Runtime;

namespace LstmActors.Client.Streaming;

/// <summary>Turns a failed grain call into the client's error kinds: a rejected input (exit 2) or an unreachable cluster (exit 3).</summary>
internal static class GrainErrors
{
    private static readonly string[] InputErrorTypes =
    [
        typeof(InvalidTickException).FullName!,
        typeof(TickSequenceException).FullName!,
        typeof(ArgumentException).FullName!,
        typeof(ArgumentOutOfRangeException).FullName!,
    ];

    /// <summary>The exception to report for <paramref name="error"/>; <paramref name="where"/> names the input (file and line, series).</summary>
    public static Exception Translate(Exception error, string where) => error switch
    {
        InputException or ClusterUnreachableException or OperationCanceledException => error,
        RemoteGrainException remote when InputErrorTypes.Contains(remote.OriginalTypeName) => new InputException($"{where}: {remote.OriginalMessage}"),
        InvalidTickException or TickSequenceException or ArgumentException => new InputException($"{where}: {error.Message}"),
        SiloUnavailableException => new ClusterUnreachableException(
            $"the cluster closed the connection ({where}): {error.Message} A gateway refuses clients of another --cluster-id or without the cluster's secret; the silo's log says why.", error),
        TimeoutException => new ClusterUnreachableException($"the cluster did not answer in time ({where}): {error.Message}", error),
        _ => error,
    };
}
