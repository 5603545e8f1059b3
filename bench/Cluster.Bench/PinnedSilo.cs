using System.Diagnostics;
using System.Text.RegularExpressions;

namespace LstmActors.Cluster.Bench;

/// <summary>One <c>lstmactors-silo</c> process pinned to one core with <c>taskset</c>; its CPU time read from /proc.</summary>
internal sealed partial class PinnedSilo : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<int> _gatewayPort = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = [];
    private TaskCompletionSource _viewChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _viewSize;

    private PinnedSilo(Process process) => _process = process;

    /// <summary>Starts the silo on <paramref name="core"/> with the given settings and waits for its "listening" line.</summary>
    public static async Task<PinnedSilo> StartAsync(int core, string clusterId, string membershipFile, TimeSpan timeout)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "lstmactors-silo.dll");
        var info = new ProcessStartInfo("taskset") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["-c", core.ToString(), "dotnet", dll, "--cluster-id", clusterId, "--silo-port", "0", "--gateway-port", "0",
                     "--membership", $"sqlite:{membershipFile}", "--storage", "memory"])
            info.ArgumentList.Add(arg);
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__LstmActors.Silo"] = "Information";
        info.Environment["Logging__LogLevel__LstmActors.Runtime.Silo"] = "Information";
        var silo = new PinnedSilo(new Process { StartInfo = info, EnableRaisingEvents = true });
        silo._process.OutputDataReceived += (_, e) => silo.OnLine(e.Data);
        silo._process.ErrorDataReceived += (_, e) => silo.OnLine(e.Data);
        silo._process.Exited += (_, _) => silo._gatewayPort.TrySetException(new InvalidOperationException($"The silo on core {core} exited:\n{silo.Output}"));
        silo._process.Start();
        silo._process.BeginOutputReadLine();
        silo._process.BeginErrorReadLine();
        try
        {
            silo.GatewayPort = await silo._gatewayPort.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            await silo.DisposeAsync();
            throw new TimeoutException($"The silo on core {core} did not report listening within {timeout}:\n{silo.Output}");
        }
        return silo;
    }

    /// <summary>The gateway port it reported.</summary>
    public int GatewayPort { get; private set; }

    /// <summary>The silo-to-silo port it reported.</summary>
    public int SiloPort { get; private set; }

    private string Output
    {
        get
        {
            lock (_output) return string.Join('\n', _output);
        }
    }

    /// <summary>Waits until the silo's latest view (its "view changed" log line) holds <paramref name="silos"/> silos.</summary>
    public async Task WaitForViewAsync(int silos, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_output)
            {
                if (_viewSize == silos) return;
                changed = _viewChanged.Task;
            }
            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The silo's view did not reach {silos} silos within {timeout}:\n{Output}");
            }
        }
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Add(line);
            var view = ViewLine().Match(line);
            if (view.Success)
            {
                _viewSize = view.Groups["silos"].Value.Split(", ").Length;
                _viewChanged.TrySetResult();
                _viewChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
        var match = ListeningLine().Match(line);
        if (!match.Success) return;
        SiloPort = int.Parse(match.Groups["silo"].Value);
        _gatewayPort.TrySetResult(int.Parse(match.Groups["port"].Value));
    }

    /// <summary>User plus system CPU time the silo process has used (from /proc/pid/stat, in clock ticks of 10 ms).</summary>
    public TimeSpan CpuTime()
    {
        var fields = File.ReadAllText($"/proc/{_process.Id}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // After the ")": state is field 0, utime field 11, stime field 12.
        return TimeSpan.FromMilliseconds((long.Parse(fields[11]) + long.Parse(fields[12])) * 10);
    }

    [GeneratedRegex(@"view changed: v\d+ \[(?<silos>[^\]]+)\]")]
    private static partial Regex ViewLine();

    [GeneratedRegex(@"listening: silo endpoint [0-9.]+:(?<silo>\d+), gateway [0-9.]+:(?<port>\d+)")]
    private static partial Regex ListeningLine();

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
