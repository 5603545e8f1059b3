using System.Net;
using System.Text.RegularExpressions;

namespace LstmActors.Silo.Tests;

/// <summary>The Silo project's executable (built next to the tests) as a child process, and what its log lines say.</summary>
internal static partial class SiloExecutable
{
    /// <summary>A failure bound for a silo process to start, answer or stop on a loaded 2-core machine.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [GeneratedRegex(@"gateway (?<host>[0-9.]+):(?<port>\d+)")]
    private static partial Regex GatewayPattern();

    [GeneratedRegex(@"silo endpoint (?<host>[0-9.]+):(?<port>\d+)")]
    private static partial Regex SiloEndpointPattern();

    [GeneratedRegex(@"listening on (?<url>http://[0-9.]+:\d+)/health")]
    private static partial Regex HealthPattern();

    /// <summary>
    /// Starts <c>lstmactors-silo</c> with <paramref name="args"/> in <paramref name="folder"/>; <paramref name="environment"/> is
    /// added to a process environment cleared of the silo's secret and password variables.
    /// </summary>
    public static SiloProcess Start(TempFolder folder, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var variables = new Dictionary<string, string?> { ["LSTMACTORS_SECRET"] = null, ["LSTMACTORS_TLS_PASSWORD"] = null };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>()) variables[key] = value;
        return SiloProcess.Start("silo", Path.Combine(AppContext.BaseDirectory, "lstmactors-silo.dll"), args, variables, folder.Path);
    }

    /// <summary>Starts a silo on free ports in <paramref name="folder"/> and waits until it has joined; returns it and its gateway.</summary>
    public static async Task<(SiloProcess Silo, IPEndPoint Gateway)> StartJoinedAsync(TempFolder folder, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var silo = Start(folder, ["--silo-port", "0", "--gateway-port", "0", .. args], environment);
        try
        {
            await silo.WaitForLineAsync(l => l.Contains("Joined cluster"), Deadline);
            return (silo, GatewayOf(silo));
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    /// <summary>The gateway endpoint the silo's "listening" line names.</summary>
    public static IPEndPoint GatewayOf(SiloProcess silo) => EndpointIn(silo, GatewayPattern());

    /// <summary>The silo-to-silo endpoint the silo's "listening" line names.</summary>
    public static IPEndPoint SiloEndpointOf(SiloProcess silo) => EndpointIn(silo, SiloEndpointPattern());

    /// <summary>The base URL of the health endpoint, from its log line.</summary>
    public static async Task<Uri> HealthUrlOfAsync(SiloProcess silo)
    {
        var match = HealthPattern().Match(await silo.WaitForLineAsync(l => l.Contains("Health endpoint of silo"), Deadline));
        Assert.True(match.Success, silo.Output);
        return new Uri(match.Groups["url"].Value);
    }

    private static IPEndPoint EndpointIn(SiloProcess silo, Regex pattern)
    {
        var match = silo.Lines.Where(l => l.Contains("listening:")).Select(l => pattern.Match(l)).FirstOrDefault(m => m.Success);
        Assert.True(match is not null, silo.Output);
        return new IPEndPoint(IPAddress.Parse(match.Groups["host"].Value), int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }
}
