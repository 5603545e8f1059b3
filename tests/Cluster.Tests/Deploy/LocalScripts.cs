using System.Diagnostics;

namespace LstmActors.Cluster.Tests.Deploy;

/// <summary>Runs deploy/local/start.sh and stop.sh of this repository as a user would, and cleans up after them.</summary>
public sealed class LocalScripts : IAsyncDisposable
{
    private readonly string _folder;
    private readonly Dictionary<string, string> _environment;

    /// <summary>Scripts working in <paramref name="runDir"/>, with <paramref name="environment"/> added to theirs.</summary>
    public LocalScripts(string runDir, Dictionary<string, string> environment)
    {
        RunDir = runDir;
        _environment = environment;
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "deploy", "local", "start.sh"))) folder = folder.Parent;
        _folder = Path.Combine(folder?.FullName ?? throw new InvalidOperationException($"No deploy/local/start.sh above {AppContext.BaseDirectory}."), "deploy", "local");
    }

    /// <summary>Where the scripts keep PIDs, logs, the secret and the gateway list.</summary>
    public string RunDir { get; }

    /// <summary>Runs <c>bash deploy/local/&lt;script&gt; args</c>; returns its exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(string script, IEnumerable<string> args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(_folder, script));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var (key, value) in _environment) info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish within {timeout}.");
        }
        return (process.ExitCode, await output + await errors);
    }

    /// <summary>Process ids in the run folder's PID files.</summary>
    public IReadOnlyList<int> SiloProcessIds() =>
        Directory.Exists(RunDir) ? Directory.GetFiles(RunDir, "silo-*.pid").Order(StringComparer.Ordinal).Select(f => int.Parse(File.ReadAllText(f).Trim())).ToArray() : [];

    /// <summary>True while process <paramref name="pid"/> runs (an exited process not yet reaped, state Z, does not count).</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].TrimStart()[0] != 'Z';
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Kills whatever silo the PID files still name (a failed test must not leave processes behind), then removes the folder.</summary>
    public ValueTask DisposeAsync()
    {
        foreach (var pid in SiloProcessIds())
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }
        if (Directory.Exists(RunDir)) Directory.Delete(RunDir, recursive: true);
        return ValueTask.CompletedTask;
    }
}
