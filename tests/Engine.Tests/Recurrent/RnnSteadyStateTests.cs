using LstmActors.Engine.Recurrent;
using LstmActors.Engine.Tests.Kernels;

namespace LstmActors.Engine.Tests.Recurrent;

/// <summary>GRU and SimpleRNN kernels: once warmed up, calls allocate nothing, and two threads give what one gives.</summary>
[Collection(KernelPathCollection.Name)]
public sealed class RnnSteadyStateTests
{
    public static TheoryData<string, string, int> CellsPathsAndThreads()
    {
        var data = new TheoryData<string, string, int>();
        foreach (string cell in new[] { "gru", "gru_reset_before", "simple_rnn" })
            foreach (string path in KernelPathCollection.AllPaths())
                foreach (int threads in new[] { 1, 2 })
                    data.Add(cell, path, threads);
        return data;
    }

    private static ReferenceRnn Problem(string cell, int features, int units, int batch, int timesteps, int seed) => cell switch
    {
        "gru" => new ReferenceRnn(new GruSpec(features, units), batch, timesteps, seed, masks: true),
        "gru_reset_before" => new ReferenceRnn(new GruSpec(features, units, ResetAfter: false), batch, timesteps, seed, masks: true),
        _ => new ReferenceRnn(new SimpleRnnSpec(features, units), batch, timesteps, seed, masks: true),
    };

    [Theory]
    [MemberData(nameof(CellsPathsAndThreads))]
    public void Forward_and_backward_allocate_nothing_in_steady_state(string cell, string path, int threads)
    {
        using var _ = KernelPathCollection.Force(path);
        const int B = 96, T = 3, F = 5, H = 40;
        var problem = Problem(cell, F, H, B, T, seed: 3);
        var kernel = problem.Kernel;
        kernel.Threads = threads;
        var carry = new HiddenCarry(B, H);
        var tape = kernel.CreateTape(B, T);
        var outputs = new float[B * T * H];
        var gradients = kernel.CreateWeights();
        var dx = new float[B * T * F];
        var dh0 = new float[B * H];
        void Step()
        {
            kernel.Forward(problem.Input.AsSpan(0, B * F), B, 1, carry, outputs.AsSpan(0, B * H));
            kernel.Forward(problem.Input, B, T, carry, outputs, tape, problem.Masks);
            kernel.Backward(tape, outputs, default, gradients, dx, dh0);
        }
        long allocated = Allocations.InSteadyState(Step);
        kernel.Threads = 1;
        Assert.Equal(0, allocated);
    }

    [Theory]
    [MemberData(nameof(CellsPathsAndThreads))]
    public void Threads_give_the_results_of_one(string cell, string path, int threads)
    {
        using var _ = KernelPathCollection.Force(path);
        const int B = 130, T = 4, F = 6, H = 37;
        var results = new List<float[][]>();
        foreach (int count in new[] { 1, threads })
        {
            var problem = Problem(cell, F, H, B, T, seed: 9);
            var kernel = problem.Kernel;
            kernel.Threads = count;
            var carry = new HiddenCarry(B, H);
            problem.InitialH.CopyTo(carry.H, 0);
            var tape = kernel.CreateTape(B, T);
            var outputs = new float[B * T * H];
            kernel.Forward(problem.Input, B, T, carry, outputs, tape, problem.Masks);
            var gradients = kernel.CreateWeights();
            var dx = new float[B * T * F];
            var dh0 = new float[B * H];
            kernel.Backward(tape, problem.LossOutputs, problem.LossFinalH, gradients, dx, dh0);
            kernel.Threads = 1;
            results.Add([outputs, carry.H, gradients.Kernel, gradients.RecurrentKernel, gradients.Bias, dx, dh0]);
        }
        // Rows split over threads can meet the GEMM's row tiles at other edges, which changes float rounding, not values.
        string[] names = ["outputs", "final h", "grad kernel", "grad recurrent kernel", "grad bias", "dx", "dh0"];
        for (int i = 0; i < names.Length; i++)
            Close.Assert(results[0][i], results[1][i], 1e-5, $"{cell} {names[i]}, {threads} threads vs 1");
    }
}
