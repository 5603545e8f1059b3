using LstmActors.Engine.Recurrent;
using LstmActors.Engine.Tests.Kernels;

namespace LstmActors.Engine.Tests.Recurrent;

/// <summary>Once warmed up, kernel calls allocate nothing; two threads give what one gives; NaN is not hidden.</summary>
[Collection(KernelPathCollection.Name)]
public sealed class SteadyStateTests
{
    public static TheoryData<string, int> PathsAndThreads()
    {
        var data = new TheoryData<string, int>();
        foreach (string path in KernelPathCollection.AllPaths())
        {
            data.Add(path, 1);
            data.Add(path, 2);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PathsAndThreads))]
    public void Forward_and_backward_allocate_nothing_in_steady_state(string path, int threads)
    {
        using var _ = KernelPathCollection.Force(path);
        const int B = 96, T = 3, F = 5, H = 40;
        var problem = new ReferenceLstm(new LstmSpec(F, H), B, T, seed: 3, inputMask: true, recurrentMask: true);
        var kernel = new LstmKernel(problem.Spec) { Threads = threads };
        kernel.SetWeights(problem.Weights);
        var carry = new LstmCarry(B, H);
        var tape = new LstmTape(problem.Spec, B, T);
        var outputs = new float[B * T * H];
        var gradients = new LstmWeights(F, H);
        var dx = new float[B * T * F];
        var dh0 = new float[B * H];
        void Step()
        {
            kernel.Forward(problem.Input.AsSpan(0, B * F), B, 1, carry, outputs.AsSpan(0, B * H));
            kernel.Forward(problem.Input, B, T, carry, outputs, tape, problem.Masks);
            kernel.Backward(tape, outputs, default, default, gradients, dx, dh0, default);
        }
        long allocated = Allocations.InSteadyState(Step);
        kernel.Threads = 1;
        Assert.Equal(0, allocated);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Two_threads_give_the_results_of_one(string path)
    {
        using var _ = KernelPathCollection.Force(path);
        const int B = 130, T = 4, F = 6, H = 37;
        var problem = new ReferenceLstm(new LstmSpec(F, H), B, T, seed: 9, recurrentMask: true);
        var results = new List<float[][]>();
        foreach (int threads in new[] { 1, 2 })
        {
            var kernel = new LstmKernel(problem.Spec) { Threads = threads };
            kernel.SetWeights(problem.Weights);
            var carry = new LstmCarry(B, H);
            problem.InitialH.CopyTo(carry.H, 0);
            problem.InitialC.CopyTo(carry.C, 0);
            var tape = new LstmTape(problem.Spec, B, T);
            var outputs = new float[B * T * H];
            kernel.Forward(problem.Input, B, T, carry, outputs, tape, problem.Masks);
            var gradients = new LstmWeights(F, H);
            var dx = new float[B * T * F];
            var dh0 = new float[B * H];
            var dc0 = new float[B * H];
            kernel.Backward(tape, problem.LossOutputs, problem.LossFinalH, problem.LossFinalC, gradients, dx, dh0, dc0);
            kernel.Threads = 1;
            results.Add([outputs, carry.H, carry.C, gradients.Kernel, gradients.RecurrentKernel, gradients.Bias, dx, dh0, dc0]);
        }
        string[] names = ["outputs", "final h", "final c", "grad kernel", "grad recurrent kernel", "grad bias", "dx", "dh0", "dc0"];
        for (int i = 0; i < names.Length; i++)
            Close.Assert(results[0][i], results[1][i], 1e-6, $"{names[i]}, 2 threads vs 1");
    }

    public static TheoryData<string> Paths => KernelPathCollection.AllPaths();

    [Theory]
    [MemberData(nameof(Paths))]
    public void NaN_in_the_input_shows_in_the_outputs(string path)
    {
        using var _ = KernelPathCollection.Force(path);
        const int B = 2, T = 2, F = 3, H = 20;
        var problem = new ReferenceLstm(new LstmSpec(F, H), B, T, seed: 1);
        var kernel = new LstmKernel(problem.Spec);
        kernel.SetWeights(problem.Weights);
        var x = (float[])problem.Input.Clone();
        x[(1 * T + 0) * F + 1] = float.NaN;
        var outputs = new float[B * T * H];
        kernel.Forward(x, B, T, new LstmCarry(B, H), outputs);
        Assert.All(outputs.AsSpan(0, T * H).ToArray(), v => Assert.False(float.IsNaN(v)));
        Assert.All(outputs.AsSpan(T * H).ToArray(), v => Assert.True(float.IsNaN(v)));
    }
}
