using System.Diagnostics;

namespace LstmActors.Cluster.Bench;

/// <summary>One <c>lstmactors-silo</c> process pinned to a set of cores with <c>taskset</c>; its CPU time read from /proc.</summary>
internal sealed class PinnedSilo : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = [];

    private PinnedSilo(Process process) => _process = process;

    /// <summary>
    /// Starts the silo on <paramref name="cores"/> (a taskset list) with PostgreSQL membership and in-memory grain state,
    /// its series writing state every <paramref name="persistEvery"/> ticks, and waits for its "listening" line.
    /// </summary>
    public static async Task<PinnedSilo> StartAsync(string cores, int persistEvery, string clusterId, string postgres, TimeSpan timeout)
    {
        int siloPort = FreePort(), gatewayPort = FreePort();
        var dll = Path.Combine(AppContext.BaseDirectory, "lstmactors-silo.dll");
        var info = new ProcessStartInfo("taskset") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["-c", cores, "dotnet", dll, "--cluster-id", clusterId, "--persist-every", persistEvery.ToString(),
                     "--silo-port", siloPort.ToString(), "--gateway-port", gatewayPort.ToString(), "--storage", "memory"])
            info.ArgumentList.Add(arg);
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__LstmActors.Silo"] = "Information";
        // The connection string holds a password: the environment, not the command line.
        info.Environment["LSTMACTORS__MEMBERSHIP"] = $"postgres:{postgres}";
        var silo = new PinnedSilo(new Process { StartInfo = info, EnableRaisingEvents = true }) { SiloPort = siloPort, GatewayPort = gatewayPort };
        silo._process.OutputDataReceived += (_, e) => silo.OnLine(e.Data);
        silo._process.ErrorDataReceived += (_, e) => silo.OnLine(e.Data);
        silo._process.Exited += (_, _) => silo._listening.TrySetException(new InvalidOperationException($"The silo on cores {cores} exited:\n{silo.Output}"));
        silo._process.Start();
        silo._process.BeginOutputReadLine();
        silo._process.BeginErrorReadLine();
        try
        {
            await silo._listening.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            await silo.DisposeAsync();
            throw new TimeoutException($"The silo on cores {cores} did not report listening within {timeout}:\n{silo.Output}");
        }
        return silo;
    }

    /// <summary>Its gateway port.</summary>
    public int GatewayPort { get; private init; }

    /// <summary>Its silo-to-silo port.</summary>
    public int SiloPort { get; private init; }

    private string Output
    {
        get
        {
            lock (_output) return string.Join('\n', _output);
        }
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_output) _output.Add(line);
        if (line.Contains(" listening: silo endpoint ", StringComparison.Ordinal)) _listening.TrySetResult();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>User plus system CPU time the silo process has used (from /proc/pid/stat, in clock ticks of 10 ms).</summary>
    public TimeSpan CpuTime()
    {
        var fields = File.ReadAllText($"/proc/{_process.Id}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // After the ")": state is field 0, utime field 11, stime field 12.
        return TimeSpan.FromMilliseconds((long.Parse(fields[11]) + long.Parse(fields[12])) * 10);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
