using System.Diagnostics;
using System.Text.RegularExpressions;

namespace LstmActors.Cluster.Bench;

/// <summary>Bytes carried by the established TCP connections a silo accepted on a port, as the kernel counts them (<c>ss -tin</c>).</summary>
internal static partial class WireBytes
{
    /// <summary>Bytes received plus bytes sent (acknowledged) on every connection whose local port is <paramref name="port"/>.</summary>
    public static long On(int port)
    {
        var info = new ProcessStartInfo("ss") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in (string[])["-tinH", "state", "established", $"( sport = :{port} )"]) info.ArgumentList.Add(arg);
        using var ss = Process.Start(info)!;
        var text = ss.StandardOutput.ReadToEnd();
        ss.WaitForExit();
        return Counter().Matches(text).Sum(m => long.Parse(m.Groups["n"].Value));
    }

    [GeneratedRegex(@"\b(bytes_received|bytes_acked):(?<n>\d+)")]
    private static partial Regex Counter();
}
