using System.Collections.Concurrent;
using LstmActors.Engine.Activations;
using LstmActors.Engine.Recurrent;
using LstmActors.Engine.Tests.Kernels;

namespace LstmActors.Engine.Tests.Recurrent;

/// <summary>The kernel's forward agrees with a float64 reference, and its BPTT gradients with central differences of the reference loss.</summary>
[Collection(KernelPathCollection.Name)]
public sealed class FiniteDifferenceTests
{
    public static TheoryData<string, Activation, Activation, bool, bool> Cases()
    {
        var data = new TheoryData<string, Activation, Activation, bool, bool>();
        foreach (string path in KernelPathCollection.AllPaths())
        {
            data.Add(path, Activation.Tanh, Activation.Sigmoid, true, false);
            data.Add(path, Activation.Tanh, Activation.Sigmoid, false, false);
            data.Add(path, Activation.Tanh, Activation.Sigmoid, true, true);
            data.Add(path, Activation.Relu, Activation.HardSigmoid, true, false);
            data.Add(path, Activation.Relu, Activation.HardSigmoid, false, true);
            data.Add(path, Activation.Linear, Activation.Sigmoid, true, false);
            data.Add(path, Activation.Tanh, Activation.HardSigmoid, true, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradients_match_central_differences(string path, Activation activation, Activation recurrentActivation, bool useBias, bool dropout)
    {
        using var _ = KernelPathCollection.Force(path);
        foreach (var (f, h, b, t) in new[] { (3, 5, 3, 4), (2, 17, 2, 3), (17, 4, 2, 2) })
        {
            var problem = new ReferenceLstm(new LstmSpec(f, h, activation, recurrentActivation, useBias), b, t, seed: 7 + h,
                inputMask: dropout, recurrentMask: dropout);
            CheckAgainstReference(problem);
        }
    }

    /// <summary>Runs the kernel forward and backward on the problem and compares with the float64 reference and central differences.</summary>
    internal static void CheckAgainstReference(ReferenceLstm problem)
    {
        var spec = problem.Spec;
        int B = problem.Batch, T = problem.Timesteps, F = spec.InputSize, H = spec.Units;
        var kernel = new LstmKernel(spec);
        kernel.SetWeights(problem.Weights);
        var carry = new LstmCarry(B, H);
        problem.InitialH.CopyTo(carry.H, 0);
        problem.InitialC.CopyTo(carry.C, 0);
        var outputs = new float[B * T * H];
        var tape = new LstmTape(spec, B, T);
        kernel.Forward(problem.Input, B, T, carry, outputs, tape, problem.Masks);

        var reference = problem.Forward();
        Close.Assert(reference.Outputs, outputs, 2e-6, "outputs vs float64 reference");
        Close.Assert(reference.H, carry.H, 2e-6, "final h vs float64 reference");
        Close.Assert(reference.C, carry.C, 2e-6, "final c vs float64 reference");

        var gradients = new LstmWeights(F, H);
        var dx = new float[B * T * F];
        var dh0 = new float[B * H];
        var dc0 = new float[B * H];
        kernel.Backward(tape, problem.LossOutputs, problem.LossFinalH, problem.LossFinalC, gradients, dx, dh0, dc0);
        var analytic = new Dictionary<string, float[]>
        {
            ["kernel"] = gradients.Kernel, ["recurrent_kernel"] = gradients.RecurrentKernel, ["bias"] = gradients.Bias,
            ["input"] = dx, ["initial_h"] = dh0, ["initial_c"] = dc0,
        };
        if (!spec.UseBias) Assert.All(gradients.Bias, v => Assert.Equal(0f, v));

        foreach (var (name, numeric) in NumericGradients(problem))
            Close.Assert(numeric, analytic[name], 1e-4, $"d loss / d {name} ({spec}, batch {B}, timesteps {T})");
    }

    // Central differences do not depend on the kernel path: computed once per problem, checked on every path.
    private static readonly ConcurrentDictionary<string, (string, double[])[]> s_numeric = new();

    private static (string Name, double[] Gradient)[] NumericGradients(ReferenceLstm problem)
    {
        string key = $"{problem.Spec} {problem.Batch} {problem.Timesteps} {problem.Masks is not null} {problem.Input[0]}";
        return s_numeric.GetOrAdd(key, _ =>
        {
            // A small step in float64: far from rounding noise, and unlikely to straddle a relu / hard-sigmoid kink.
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
