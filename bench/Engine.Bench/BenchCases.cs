using System.Diagnostics;

namespace LstmActors.Engine.Bench;

/// <summary>The benchmark cases, named and shaped as in the PyTorch anchor, each timed as the median of several repetitions.</summary>
internal static class BenchCases
{
    public static readonly string[] Names =
        ["train-seed", "train-stocks", "train-h256", "train-stocks-2layer", "infer-stocks", "online-1000", "online-10000", "gru-train-stocks", "gru-infer-stocks", "gru-online-1000"];

    /// <summary>Whether a case is a GRU one, timed against nn.GRU by the repository's own anchor script.</summary>
    public static bool IsGru(string name) => name.StartsWith("gru-", StringComparison.Ordinal);

    /// <summary>Runs one case and prints its line; returns series-steps per second.</summary>
    public static double Run(string name, int threads) => name switch
    {
        "train-seed" => Train(name, threads, 32, 25, 1, 20, 1),
        "train-stocks" => Train(name, threads, 400, 25, 5, 64, 1),
        "train-h256" => Train(name, threads, 64, 50, 8, 256, 1),
        "train-stocks-2layer" => Train(name, threads, 400, 25, 5, 64, 2),
        "infer-stocks" => Infer(name, threads, 400, 25, 5, 64, BenchLayer.Lstm),
        "online-1000" => Online(name, threads, 1000, 5, 64, BenchLayer.Lstm),
        "online-10000" => Online(name, threads, 10000, 5, 64, BenchLayer.Lstm),
        "gru-train-stocks" => GruTrain(name, threads, 400, 25, 5, 64),
        "gru-infer-stocks" => Infer(name, threads, 400, 25, 5, 64, BenchLayer.Gru),
        "gru-online-1000" => Online(name, threads, 1000, 5, 64, BenchLayer.Gru),
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

    // A layer forward is 2·gates·H·(F+H) FLOP per series-step.
    private static double Infer(string name, int threads, int B, int T, int F, int H, Func<int, int, int, int, Random, BenchLayer> create)
    {
        var rng = new Random(0);
        var layer = create(threads, B, F, H, rng);
        var x = Inputs(B * T * F, rng);
        var outputs = new float[B * T * H];
        var (seconds, cpu) = Median(() => { layer.Reset(); layer.Forward(x, B, T, outputs); }, reps: 7);
        double rate = B * T / seconds;
        Console.WriteLine($"case={name} threads={threads} series_steps_per_s={rate:F0} gflops={rate * 2.0 * layer.Gates * H * (F + H) / 1e9:F1} cpu_series_steps_per_s={B * T / cpu:F0}");
        return rate;
    }

    private static double Online(string name, int threads, int N, int F, int H, Func<int, int, int, int, Random, BenchLayer> create, int ticks = 50)
    {
        // One timestep of all N series from their carries, tick after tick; x holds every tick's (N, 1, F) input.
        var rng = new Random(0);
        var layer = create(threads, N, F, H, rng);
        var x = Inputs(ticks * N * F, rng);
        var outputs = new float[N * H];
        long allocated = 0;
        void RunTicks()
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int t = 0; t < ticks; t++)
                layer.Forward(x.AsMemory(t * N * F, N * F), N, 1, outputs);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        var (seconds, cpu) = Median(RunTicks, reps: 5);
        double rate = N * ticks / seconds;
        Console.WriteLine($"case={name} threads={threads} series_steps_per_s={rate:F0} gflops={rate * 2.0 * layer.Gates * H * (F + H) / 1e9:F1} cpu_series_steps_per_s={N * ticks / cpu:F0} " +
                          $"allocated_bytes_per_step={allocated / (double)ticks:F0}");
        return rate;
    }

    // A GRU layer forward is 6·H·(F+H) FLOP per series-step, about three times that with backward.
    private static double GruTrain(string name, int threads, int B, int T, int F, int H)
    {
        var step = new GruTrainingStep(B, T, F, H, threads, new Random(0));
        var (seconds, cpu) = Median(() => step.Run(), reps: 7);
        double rate = B * T / seconds;
        Console.WriteLine($"case={name} threads={threads} series_steps_per_s={rate:F0} gflops={rate * 3.0 * 6 * H * (F + H) / 1e9:F1} cpu_series_steps_per_s={B * T / cpu:F0}");
        return rate;
    }

    private static float[] Inputs(int length, Random rng)
    {
        var x = new float[length];
        TrainingStep.Fill(x, rng, 1);
        return x;
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
