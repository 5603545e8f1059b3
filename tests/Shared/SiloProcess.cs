using System.Diagnostics;
using System.Runtime.InteropServices;

namespace LstmActors.Tests.Shared;

/// <summary>A silo executable as a child process (<c>dotnet silo.dll ...</c>), its output collected line by line; killed at dispose if still running.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SiloProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    /// <summary>Name for messages (silo-0, silo-1, ...).</summary>
    public string Name { get; }

    /// <summary>The operating-system process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts <c>dotnet <paramref name="dll"/> <paramref name="args"/></c> in <paramref name="workingDirectory"/> (default: the
    /// folder of <paramref name="dll"/>) with <paramref name="environment"/> applied: a null value removes a variable the test
    /// process would otherwise pass on.
    /// </summary>
    public static SiloProcess Start(string name, string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string?> environment, string? workingDirectory = null)
    {
        if (!File.Exists(dll)) throw new FileNotFoundException($"The silo executable of {name} is missing (build the test project first).", dll);
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(dll)!,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var (key, value) in environment)
        {
            if (value is null) info.Environment.Remove(key);
            else info.Environment[key] = value;
        }
        var silo = new SiloProcess(name, new Process { StartInfo = info, EnableRaisingEvents = true });
        silo._process.OutputDataReceived += (_, e) => silo.Add(e.Data);
        silo._process.ErrorDataReceived += (_, e) => silo.Add(e.Data);
        silo._process.Exited += (_, _) => silo.Signal();
        silo._process.Start();
        silo._process.BeginOutputReadLine();
        silo._process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>The output so far, one entry per line.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock) return _lines.ToArray();
        }
    }

    /// <summary>Completes at the next output line or at exit.</summary>
    public Task Changed
    {
        get
        {
            lock (_lock) return _changed.Task;
        }
    }

    /// <summary>The output so far, for failure messages.</summary>
    public string Output => $"--- {Name} (pid {ProcessId}) ---\n{string.Join('\n', Lines)}";

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
            var changed = Changed;
            var found = Lines.FirstOrDefault(match);
            if (found is not null) return found;
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before the expected line.\n{Output}");
            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{Name} printed no expected line within {timeout}.\n{Output}");
            }
        }
    }

    /// <summary>Waits for the process to exit on its own; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await WaitForExitOrThrowAsync(timeout, "on its own");
        return _process.ExitCode;
    }

    /// <summary>kill -9: the process dies at once, writing nothing.</summary>
    public async Task KillAsync(TimeSpan timeout)
    {
        _process.Kill();
        await WaitForExitOrThrowAsync(timeout, "of SIGKILL");
    }

    /// <summary>SIGTERM (what a service manager sends: a graceful stop); returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (kill(_process.Id, SigTerm) != 0) throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        await WaitForExitOrThrowAsync(timeout, "of SIGTERM");
        return _process.ExitCode;
    }

    private async Task WaitForExitOrThrowAsync(TimeSpan timeout, string after)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not exit within {timeout} {after}.\n{Output}");
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had exited already.
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
