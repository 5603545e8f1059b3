using System.Text.RegularExpressions;

namespace LstmActors.Client.Tests;

/// <summary><c>lstmactors-silo</c> (built next to the tests) as a child process, and the options that reach its gateway.</summary>
internal static partial class SiloExecutable
{
    /// <summary>A failure bound for a silo process to start or stop on a loaded 2-core machine.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    /// <summary>Starts the silo with <paramref name="args"/> in <paramref name="folder"/>, without the secret and TLS password variables of this process.</summary>
    public static SiloProcess Start(TempFolder folder, IEnumerable<string> args) =>
        SiloProcess.Start("silo", Path.Combine(AppContext.BaseDirectory, "lstmactors-silo.dll"), args,
            new Dictionary<string, string?> { ["LSTMACTORS_SECRET"] = null, ["LSTMACTORS_TLS_PASSWORD"] = null }, folder.Path);

    /// <summary>Waits for the silo to join its cluster and returns the options that reach its gateway.</summary>
    public static async Task<string[]> ClientArgsAsync(SiloProcess silo, string clusterId)
    {
        await silo.WaitForLineAsync(l => l.Contains("Joined cluster"), Deadline);
        var gateway = GatewayPattern().Match(await silo.WaitForLineAsync(l => l.Contains("listening:"), Deadline));
        Assert.True(gateway.Success, silo.Output);
        return ["--gateway", $"{gateway.Groups["host"].Value}:{gateway.Groups["port"].Value}", "--cluster-id", clusterId];
    }

    [GeneratedRegex(@"gateway (?<host>[0-9.]+):(?<port>\d+)")]
    private static partial Regex GatewayPattern();
}
