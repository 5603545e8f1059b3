using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace LstmActors.Bench.Shared;

/// <summary>Runs the PyTorch anchor script (../shared/anchors/torch_lstm_bench.py beside the repository) and reads its figures.</summary>
internal static partial class TorchAnchor
{
    /// <summary>A python3 that imports torch: the one on PATH, else Debian's /usr/bin/python3; null when neither does.</summary>
    public static string? FindPython()
    {
        foreach (string candidate in new[] { "python3", "/usr/bin/python3" })
        {
            try
            {
                var (code, _) = Execute(candidate, ["-c", "import torch"]);
                if (code == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed under that name: try the next.
            }
        }
        return null;
    }

    /// <summary>The anchor script, found beside the repository root (the folder holding LstmActors.sln).</summary>
    public static string? FindScript() => FromRoot(Path.Combine("..", "shared", "anchors", "torch_lstm_bench.py"));

    /// <summary>A script kept in the repository, by its path from the root; null when absent.</summary>
    public static string? FromRoot(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LstmActors.sln")))
            {
                string script = Path.GetFullPath(Path.Combine(dir.FullName, relative));
                return File.Exists(script) ? script : null;
            }
        return null;
    }

    /// <summary>Series-steps per second by case name, from one run of the anchor with the given thread count and cases.</summary>
    public static Dictionary<string, double> Run(string python, string script, int threads, IEnumerable<string> cases)
    {
        // The BLAS under torch gets the same thread count too, or it would spread over every core whatever torch is told.
        string count = threads.ToString(CultureInfo.InvariantCulture);
        var (code, output) = Execute(python, [script, count, .. cases],
            new() { ["OPENBLAS_NUM_THREADS"] = count, ["OMP_NUM_THREADS"] = count, ["MKL_NUM_THREADS"] = count });
        if (code != 0) throw new InvalidOperationException($"Anchor {script} exited with {code}:\n{output}");
        var figures = new Dictionary<string, double>();
        foreach (Match m in Line().Matches(output))
            figures[m.Groups[1].Value] = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        return figures;
    }

    private static (int Code, string Output) Execute(string file, string[] args, Dictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args) info.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? []) info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }

    [GeneratedRegex(@"case=(\S+) threads=\d+ series_steps_per_s=([0-9.]+)")]
    private static partial Regex Line();
}
