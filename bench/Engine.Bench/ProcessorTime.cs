using System.Diagnostics;
using System.Runtime.InteropServices;

namespace LstmActors.Engine.Bench;

/// <summary>CPU seconds used by this process so far, at nanosecond resolution on Linux (the portable figure ticks in 10 ms).</summary>
internal static class ProcessorTime
{
    private const int ProcessCpuTimeClock = 2; // CLOCK_PROCESS_CPUTIME_ID

    public static double Seconds()
    {
        if (OperatingSystem.IsLinux() && clock_gettime(ProcessCpuTimeClock, out var time) == 0)
            return time.Seconds + time.Nanoseconds * 1e-9;
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int clock_gettime(int clock, out TimeSpec time);
}
