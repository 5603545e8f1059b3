using System.Diagnostics;
using System.Runtime.InteropServices;

namespace LstmActors.Client.Tests;

/// <summary>The silo executable in a real child process (<c>dotnet lstmactors-silo.dll ...</c>), its output collected line by line.</summary>
internal sealed class SiloProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SiloProcess(Process process) => _process = process;

    public static SiloProcess Start(string workingDirectory, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "lstmactors-silo.dll");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment.Remove("LSTMACTORS_SECRET");
        var silo = new SiloProcess(new Process { StartInfo = info, EnableRaisingEvents = true });
        silo._process.OutputDataReceived += (_, e) => silo.Add(e.Data);
        silo._process.ErrorDataReceived += (_, e) => silo.Add(e.Data);
        silo._process.Exited += (_, _) => silo.Signal();
        silo._process.Start();
        silo._process.BeginOutputReadLine();
        silo._process.BeginErrorReadLine();
        return silo;
    }

    public string Output
    {
        get
        {
            lock (_lock) return string.Join('\n', _lines);
        }
    }

    private void Add(string? line)
    {
        if (line is null) return;
        lock (_lock) _lines.Add(line);
        Signal();
    }

    private void Signal()
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }

    /// <summary>The first output line matching <paramref name="match"/>; fails after <paramref name="timeout"/> or if the process exits first.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                var found = _lines.FirstOrDefault(match);
                if (found is not null) return found;
                changed = _changed.Task;
            }
            if (_process.HasExited) throw new InvalidOperationException($"The silo exited with {_process.ExitCode} before the expected line:\n{Output}");
            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No expected line from the silo within {timeout}:\n{Output}");
            }
        }
    }

    /// <summary>Sends SIGTERM (what a service manager sends) and waits for the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (kill(_process.Id, SigTerm) != 0) throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token);
        return _process.ExitCode;
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token);
        return _process.ExitCode;
    }

    private const int SigTerm = 15;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
