using System.Collections.Concurrent;
using LstmActors.Engine.Activations;
using LstmActors.Engine.Recurrent;
using LstmActors.Engine.Tests.Kernels;

namespace LstmActors.Engine.Tests.Recurrent;

/// <summary>The GRU and SimpleRNN kernels' forward agrees with a float64 reference, and their BPTT gradients with central differences.</summary>
[Collection(KernelPathCollection.Name)]
public sealed class RnnFiniteDifferenceTests
{
    public static TheoryData<string, Activation, Activation, bool, bool, bool> GruCases()
    {
        var data = new TheoryData<string, Activation, Activation, bool, bool, bool>();
        foreach (string path in KernelPathCollection.AllPaths())
            foreach (bool resetAfter in new[] { true, false })
            {
                data.Add(path, Activation.Tanh, Activation.Sigmoid, true, false, resetAfter);
                data.Add(path, Activation.Tanh, Activation.Sigmoid, false, true, resetAfter);
                data.Add(path, Activation.Relu, Activation.HardSigmoid, true, true, resetAfter);
            }
        return data;
    }

    public static TheoryData<string, Activation, bool, bool> SimpleRnnCases()
    {
        var data = new TheoryData<string, Activation, bool, bool>();
        foreach (string path in KernelPathCollection.AllPaths())
        {
            data.Add(path, Activation.Tanh, true, false);
            data.Add(path, Activation.Tanh, false, true);
            data.Add(path, Activation.Relu, true, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(GruCases))]
    public void Gru_gradients_match_central_differences(string path, Activation activation, Activation recurrentActivation, bool useBias,
        bool dropout, bool resetAfter)
    {
        using var _ = KernelPathCollection.Force(path);
        foreach (var (f, h, b, t) in new[] { (3, 5, 3, 4), (2, 17, 2, 3) })
            Check(new ReferenceRnn(new GruSpec(f, h, activation, recurrentActivation, useBias, resetAfter), b, t, seed: 3 + h, dropout));
    }

    [Theory]
    [MemberData(nameof(SimpleRnnCases))]
    public void SimpleRnn_gradients_match_central_differences(string path, Activation activation, bool useBias, bool dropout)
    {
        using var _ = KernelPathCollection.Force(path);
        foreach (var (f, h, b, t) in new[] { (3, 5, 3, 4), (17, 9, 2, 3) })
            Check(new ReferenceRnn(new SimpleRnnSpec(f, h, activation, useBias), b, t, seed: 5 + h, dropout));
    }

    /// <summary>Runs the kernel forward and backward on the problem and compares with the float64 reference and central differences.</summary>
    internal static void Check(ReferenceRnn problem)
    {
        var kernel = problem.Kernel;
        int B = problem.Batch, T = problem.Timesteps, F = kernel.InputSize, H = kernel.Units;
        var carry = new HiddenCarry(B, H);
        problem.InitialH.CopyTo(carry.H, 0);
        var outputs = new float[B * T * H];
        var tape = kernel.CreateTape(B, T);
        kernel.Forward(problem.Input, B, T, carry, outputs, tape, problem.Masks);

        var reference = problem.Forward();
        Close.Assert(reference.Outputs, outputs, 2e-6, $"outputs vs float64 reference ({problem})");
        Close.Assert(reference.H, carry.H, 2e-6, $"final h vs float64 reference ({problem})");

        var gradients = kernel.CreateWeights();
        var dx = new float[B * T * F];
        var dh0 = new float[B * H];
        kernel.Backward(tape, problem.LossOutputs, problem.LossFinalH, gradients, dx, dh0);
        var analytic = new Dictionary<string, float[]>
        {
            ["kernel"] = gradients.Kernel, ["recurrent_kernel"] = gradients.RecurrentKernel, ["bias"] = gradients.Bias,
            ["input"] = dx, ["initial_h"] = dh0,
        };
        if (!problem.UseBias) Assert.All(gradients.Bias, v => Assert.Equal(0f, v));
        foreach (var (name, numeric) in NumericGradients(problem))
            Close.Assert(numeric, analytic[name], 1e-4, $"d loss / d {name} ({problem})");
    }

    // Central differences do not depend on the kernel path: computed once per problem, checked on every path.
    private static readonly ConcurrentDictionary<string, (string, double[])[]> s_numeric = new();

    private static (string Name, double[] Gradient)[] NumericGradients(ReferenceRnn problem)
    {
        return s_numeric.GetOrAdd(problem.ToString(), _ =>
        {
            const double step = 1e-6;
            return problem.Parameters().Select(p =>
            {
                var numeric = new double[p.Values.Length];
                for (int i = 0; i < numeric.Length; i++)
                    numeric[i] = (problem.Loss(p.Values, i, step) - problem.Loss(p.Values, i, -step)) / (2 * step);
                return (p.Name, numeric);
            }).ToArray();
        });
    }
}
