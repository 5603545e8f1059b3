using LstmActors.Engine.Recurrent;
using LstmActors.Engine.Tests.Kernels;

namespace LstmActors.Engine.Tests.Recurrent;

/// <summary>The explicit carry makes chunked, batched and truncated runs equal to their whole, separate and reference counterparts.</summary>
[Collection(KernelPathCollection.Name)]
public sealed class StatefulEquivalenceTests
{
    public static TheoryData<string> Paths => KernelPathCollection.AllPaths();

    [Theory]
    [MemberData(nameof(Paths))]
    public void A_sequence_fed_in_chunks_with_the_carry_kept_equals_feeding_it_whole(string path)
    {
        using var _ = KernelPathCollection.Force(path);
        var problem = new ReferenceLstm(new LstmSpec(4, 20), batch: 3, timesteps: 12, seed: 11);
        int B = 3, T = 12, F = 4, H = 20;
        var kernel = new LstmKernel(problem.Spec);
        kernel.SetWeights(problem.Weights);

        var whole = new LstmCarry(B, H);
        problem.InitialH.CopyTo(whole.H, 0);
        problem.InitialC.CopyTo(whole.C, 0);
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
                    $"row {b} steps {start}..{start + length - 1}");
            start += length;
        }
        Assert.Equal(T, start);
        Close.Assert(whole.H, chunked.H, 1e-6, "final h");
        Close.Assert(whole.C, chunked.C, 1e-6, "final c");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Many_series_advanced_in_one_batched_call_equal_each_advanced_alone(string path)
    {
        using var _ = KernelPathCollection.Force(path);
        const int N = 7, T = 3, F = 5, H = 33;
        var problem = new ReferenceLstm(new LstmSpec(F, H), batch: N, timesteps: T, seed: 5);
        var kernel = new LstmKernel(problem.Spec);
        kernel.SetWeights(problem.Weights);
        var together = new LstmCarry(N, H);
        problem.InitialH.CopyTo(together.H, 0);
        problem.InitialC.CopyTo(together.C, 0);
        var outputs = new float[N * T * H];
        kernel.Forward(problem.Input, N, T, together, outputs);

        var alone = new LstmCarry(1, H);
        var single = new float[T * H];
        for (int n = 0; n < N; n++)
        {
            problem.InitialH.AsSpan(n * H, H).CopyTo(alone.H);
            problem.InitialC.AsSpan(n * H, H).CopyTo(alone.C);
            kernel.Forward(problem.Input.AsSpan(n * T * F, T * F), 1, T, alone, single);
            Close.Assert(outputs.AsSpan(n * T * H, T * H), single, 1e-6, $"series {n} outputs");
            Close.Assert(together.H.AsSpan(n * H, H), alone.H, 1e-6, $"series {n} final h");
            Close.Assert(together.C.AsSpan(n * H, H), alone.C, 1e-6, $"series {n} final c");
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Truncated_bptt_from_a_carried_state_matches_the_float64_reference(string path)
    {
        using var _ = KernelPathCollection.Force(path);
        const int B = 2, F = 3, H = 6;
        var spec = new LstmSpec(F, H);
        // A first window advances the carry (no tape: nothing flows back into it) ...
        var first = new ReferenceLstm(spec, B, timesteps: 4, seed: 21);
        var kernel = new LstmKernel(spec);
        kernel.SetWeights(first.Weights);
        var carry = new LstmCarry(B, H);
        first.InitialH.CopyTo(carry.H, 0);
        first.InitialC.CopyTo(carry.C, 0);
        kernel.Forward(first.Input, B, 4, carry, new float[B * 4 * H]);

        // ... and the second window's gradients start from that carry, as truncated BPTT does.
        var second = new ReferenceLstm(spec, B, timesteps: 5, seed: 22);
        first.Weights.Kernel.CopyTo(second.Weights.Kernel, 0);
        first.Weights.RecurrentKernel.CopyTo(second.Weights.RecurrentKernel, 0);
        first.Weights.Bias.CopyTo(second.Weights.Bias, 0);
        carry.H.CopyTo(second.InitialH, 0);
        carry.C.CopyTo(second.InitialC, 0);
        FiniteDifferenceTests.CheckAgainstReference(second);
    }
}
