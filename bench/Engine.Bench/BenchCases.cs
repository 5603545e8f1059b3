using System.Diagnostics;
using LstmActors.Engine.Recurrent;

namespace LstmActors.Engine.Bench;

/// <summary>The benchmark cases, named and shaped as in the PyTorch anchor, each timed as the median of several repetitions.</summary>
internal static class BenchCases
{
    public static readonly string[] Names =
        ["train-seed", "train-stocks", "train-h256", "train-stocks-2layer", "infer-stocks", "online-1000", "online-10000"];

    /// <summary>Runs one case and prints its line; returns series-steps per second.</summary>
    public static double Run(string name, int threads) => name switch
    {
        "train-seed" => Train(name, threads, 32, 25, 1, 20, 1),
        "train-stocks" => Train(name, threads, 400, 25, 5, 64, 1),
        "train-h256" => Train(name, threads, 64, 50, 8, 256, 1),
        "train-stocks-2layer" => Train(name, threads, 400, 25, 5, 64, 2),
        "infer-stocks" => Infer(name, threads, 400, 25, 5, 64),
        "online-1000" => Online(name, threads, 1000, 5, 64),
        "online-10000" => Online(name, threads, 10000, 5, 64),
        _ => throw new ArgumentException($"Unknown case '{name}'; expected one of {string.Join(", ", Names)}."),
    };

    private static double Train(string name, int threads, int B, int T, int F, int H, int layers)
    {
        var step = new TrainingStep(B, T, F, H, layers, threads, new Random(0));
        var (seconds, cpu) = Median(() => step.Run(), reps: B * T < 5000 ? 50 : 7);
        double rate = B * T / seconds;
        // Effective rate: forward 8·H·(F+H) FLOP per series-step and layer, about three times that with backward.
        double flops = 0;
        for (int l = 0; l < layers; l++) flops += 3.0 * 8 * H * ((l == 0 ? F : H) + H);
        Console.WriteLine($"case={name} threads={threads} series_steps_per_s={rate:F0} gflops={rate * flops / 1e9:F1} cpu_series_steps_per_s={B * T / cpu:F0}");
        return rate;
    }

    private static double Infer(string name, int threads, int B, int T, int F, int H)
    {
        var (kernel, x) = Layer(threads, B * T * F, F, H);
        var carry = new LstmCarry(B, H);
        var outputs = new float[B * T * H];
        var (seconds, cpu) = Median(() => { carry.Reset(); kernel.Forward(x, B, T, carry, outputs); }, reps: 7);
        double rate = B * T / seconds;
        Console.WriteLine($"case={name} threads={threads} series_steps_per_s={rate:F0} gflops={rate * 8.0 * H * (F + H) / 1e9:F1} cpu_series_steps_per_s={B * T / cpu:F0}");
        return rate;
    }

    private static double Online(string name, int threads, int N, int F, int H, int ticks = 50)
    {
        // One timestep of all N series from their carries, tick after tick; x holds every tick's (N, 1, F) input.
        var (kernel, x) = Layer(threads, ticks * N * F, F, H);
        var carry = new LstmCarry(N, H);
        var outputs = new float[N * H];
        long allocated = 0;
        void RunTicks()
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int t = 0; t < ticks; t++)
                kernel.Forward(x.AsSpan(t * N * F, N * F), N, 1, carry, outputs);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        var (seconds, cpu) = Median(RunTicks, reps: 5);
        double rate = N * ticks / seconds;
        Console.WriteLine($"case={name} threads={threads} series_steps_per_s={rate:F0} gflops={rate * 8.0 * H * (F + H) / 1e9:F1} cpu_series_steps_per_s={N * ticks / cpu:F0} " +
                          $"allocated_bytes_per_step={allocated / (double)ticks:F0}");
        return rate;
    }

    private static (LstmKernel Kernel, float[] X) Layer(int threads, int inputs, int F, int H)
    {
        var rng = new Random(0);
        var weights = new LstmWeights(F, H);
        foreach (var a in new[] { weights.Kernel, weights.RecurrentKernel, weights.Bias })
            for (int i = 0; i < a.Length; i++) a[i] = (float)(rng.NextDouble() * 2 - 1) / MathF.Sqrt(H);
        var kernel = new LstmKernel(new LstmSpec(F, H)) { Threads = threads };
        kernel.SetWeights(weights);
        var x = new float[inputs];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return (kernel, x);
    }

    /// <summary>
    /// Median wall seconds of a run (as the anchor measures), and median CPU seconds of the process over it: on a shared machine
    /// the wall figure says who got the cores, the CPU figure what the work costs.
    /// </summary>
    private static (double Wall, double Cpu) Median(Action run, int reps, int warm = 2)
    {
        for (int i = 0; i < warm; i++) run();
        var wall = new double[reps];
        var cpu = new double[reps];
        for (int i = 0; i < reps; i++)
        {
            double cpuStart = ProcessorTime.Seconds();
            long start = Stopwatch.GetTimestamp();
            run();
            wall[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            cpu[i] = ProcessorTime.Seconds() - cpuStart;
        }
        Array.Sort(wall);
        Array.Sort(cpu);
        return (wall[reps / 2], cpu[reps / 2]);
    }
}
