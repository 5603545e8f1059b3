using LstmActors.Engine.Recurrent;
using LstmActors.Engine.Tests.Kernels;

namespace LstmActors.Engine.Tests.Recurrent;

/// <summary>For GRU (both reset modes) and SimpleRNN, the explicit carry makes chunked and batched runs equal to the whole and the separate ones.</summary>
[Collection(KernelPathCollection.Name)]
public sealed class RnnStatefulEquivalenceTests
{
    public static TheoryData<string, string> CellsAndPaths()
    {
        var data = new TheoryData<string, string>();
        foreach (string cell in new[] { "gru", "gru_reset_before", "simple_rnn" })
            foreach (string path in KernelPathCollection.AllPaths())
                data.Add(cell, path);
        return data;
    }

    private static ReferenceRnn Problem(string cell, int features, int units, int batch, int timesteps, int seed) => cell switch
    {
        "gru" => new ReferenceRnn(new GruSpec(features, units), batch, timesteps, seed),
        "gru_reset_before" => new ReferenceRnn(new GruSpec(features, units, ResetAfter: false), batch, timesteps, seed),
        _ => new ReferenceRnn(new SimpleRnnSpec(features, units), batch, timesteps, seed),
    };

    [Theory]
    [MemberData(nameof(CellsAndPaths))]
    public void A_sequence_fed_in_chunks_with_the_carry_kept_equals_feeding_it_whole(string cell, string path)
    {
        using var _ = KernelPathCollection.Force(path);
        const int B = 3, T = 12, F = 4, H = 20;
        var problem = Problem(cell, F, H, B, T, seed: 11);
        var kernel = problem.Kernel;
        var whole = new HiddenCarry(B, H);
        problem.InitialH.CopyTo(whole.H, 0);
        var chunked = whole.Clone();
        var wholeOutputs = new float[B * T * H];
        kernel.Forward(problem.Input, B, T, whole, wholeOutputs);

        int start = 0;
        foreach (int length in new[] { 5, 1, 4, 2 })
        {
            var x = new float[B * length * F];
            for (int b = 0; b < B; b++)
                problem.Input.AsSpan((b * T + start) * F, length * F).CopyTo(x.AsSpan(b * length * F));
            var y = new float[B * length * H];
            kernel.Forward(x, B, length, chunked, y);
            for (int b = 0; b < B; b++)
                Close.Assert(wholeOutputs.AsSpan((b * T + start) * H, length * H), y.AsSpan(b * length * H, length * H), 1e-6,
                    $"{cell} row {b} steps {start}..{start + length - 1}");
            start += length;
        }
        Assert.Equal(T, start);
        Close.Assert(whole.H, chunked.H, 1e-6, $"{cell} final h");
    }

    [Theory]
    [MemberData(nameof(CellsAndPaths))]
    public void Many_series_advanced_in_one_batched_call_equal_each_advanced_alone(string cell, string path)
    {
        using var _ = KernelPathCollection.Force(path);
        // More series than two of the kernels' row blocks (32), so block edges are covered too.
        const int N = 70, T = 3, F = 5, H = 33;
        var problem = Problem(cell, F, H, N, T, seed: 5);
        var kernel = problem.Kernel;
        var together = new HiddenCarry(N, H);
        problem.InitialH.CopyTo(together.H, 0);
        var outputs = new float[N * T * H];
        kernel.Forward(problem.Input, N, T, together, outputs);

        var alone = new HiddenCarry(1, H);
        var single = new float[T * H];
        for (int n = 0; n < N; n++)
        {
            problem.InitialH.AsSpan(n * H, H).CopyTo(alone.H);
            kernel.Forward(problem.Input.AsSpan(n * T * F, T * F), 1, T, alone, single);
            Close.Assert(outputs.AsSpan(n * T * H, T * H), single, 1e-6, $"{cell} series {n} outputs");
            Close.Assert(together.H.AsSpan(n * H, H), alone.H, 1e-6, $"{cell} series {n} final h");
        }
    }

    [Theory]
    [MemberData(nameof(CellsAndPaths))]
    public void Many_series_backpropagated_in_one_batched_call_give_each_alone_and_the_sum_of_their_weight_gradients(string cell, string path)
    {
        using var _ = KernelPathCollection.Force(path);
        const int N = 70, T = 3, F = 5, H = 33;
        var problem = Problem(cell, F, H, N, T, seed: 9);
        var kernel = problem.Kernel;
        var together = new HiddenCarry(N, H);
        problem.InitialH.CopyTo(together.H, 0);
        var tape = kernel.CreateTape(N, T);
        var togetherGradients = kernel.CreateWeights();
        var dx = new float[N * T * F];
        var dh0 = new float[N * H];
        kernel.Forward(problem.Input, N, T, together, new float[N * T * H], tape);
        kernel.Backward(tape, problem.LossOutputs, problem.LossFinalH, togetherGradients, dx, dh0);

        var alone = new HiddenCarry(1, H);
        var aloneTape = kernel.CreateTape(1, T);
        var summed = kernel.CreateWeights();
        var dxAlone = new float[T * F];
        var dh0Alone = new float[H];
        for (int n = 0; n < N; n++)
        {
            problem.InitialH.AsSpan(n * H, H).CopyTo(alone.H);
            kernel.Forward(problem.Input.AsSpan(n * T * F, T * F), 1, T, alone, new float[T * H], aloneTape);
            kernel.Backward(aloneTape, problem.LossOutputs.AsSpan(n * T * H, T * H), problem.LossFinalH.AsSpan(n * H, H), summed, dxAlone, dh0Alone);
            Close.Assert(dx.AsSpan(n * T * F, T * F), dxAlone, 1e-5, $"{cell} series {n} dx");
            Close.Assert(dh0.AsSpan(n * H, H), dh0Alone, 1e-5, $"{cell} series {n} initial h gradient");
        }
        Close.Assert(summed.Kernel, togetherGradients.Kernel, 1e-4, $"{cell} kernel gradient");
        Close.Assert(summed.RecurrentKernel, togetherGradients.RecurrentKernel, 1e-4, $"{cell} recurrent kernel gradient");
        Close.Assert(summed.Bias, togetherGradients.Bias, 1e-4, $"{cell} bias gradient");
    }
}
