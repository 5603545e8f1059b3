namespace LstmActors.Client;

/// <summary>What the client's exit codes mean, for scripts.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Ok = 0;

    /// <summary>The command line was wrong (unknown verb, missing or malformed option).</summary>
    public const int Usage = 1;

    /// <summary>An input file or value was wrong; the message names the file, line and column.</summary>
    public const int InputError = 2;

    /// <summary>No silo answered at the given gateway address.</summary>
    public const int ClusterUnreachable = 3;

    /// <summary>The cluster was reached but failed the request (the message carries the grain's error).</summary>
    public const int ClusterError = 4;

    /// <summary>Stopped by Ctrl-C or SIGTERM before the work was done (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
