using System.Runtime.Intrinsics;
using LstmActors.Engine.Activations;

namespace LstmActors.Engine.Tests.Kernels;

/// <summary>The register-level sigmoid and tanh of the fused LSTM cell agree with float64 to a few ulp, tiny inputs included, and keep NaN.</summary>
public sealed class VectorActivationsTests
{
    private static IEnumerable<float> Points()
    {
        for (int i = -4000; i <= 4000; i++) yield return i * 0.005f;          // [-20, 20]
        for (int e = -30; e <= 2; e++) { yield return MathF.Pow(2, e); yield return -MathF.Pow(2, e); }
        yield return 100f;
        yield return -100f;
        yield return 0f;
    }

    public static TheoryData<string> Widths()
    {
        var data = new TheoryData<string>();
        foreach (string path in KernelPathCollection.AllPaths())
            if (path != "Scalar") data.Add(path);
        return data;
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Sigmoid_and_tanh_match_float64(string width)
    {
        if (width == "Vector512")
            Check(x => VectorActivations.Tanh(Vector512.Create(x))[0], x => VectorActivations.Sigmoid(Vector512.Create(x))[0]);
        else
            Check(x => VectorActivations.Tanh(Vector256.Create(x))[0], x => VectorActivations.Sigmoid(Vector256.Create(x))[0]);
    }

    private static void Check(Func<float, float> tanh, Func<float, float> sigmoid)
    {
        foreach (float x in Points())
        {
            double t = Math.Tanh(x), s = 1 / (1 + Math.Exp(-x));
            // Relative to the value, with a floor of one float ulp at 1 for values that round to ±1 or 0.
            Assert.True(Math.Abs(tanh(x) - t) <= 5e-7 * Math.Max(Math.Abs(t), 1e-30) + 1e-7, $"tanh({x}) = {tanh(x)}, expected {t}");
            Assert.True(Math.Abs(sigmoid(x) - s) <= 5e-7 * s + 1e-30, $"sigmoid({x}) = {sigmoid(x)}, expected {s}");
        }
        Assert.True(float.IsNaN(tanh(float.NaN)));
        Assert.True(float.IsNaN(sigmoid(float.NaN)));
    }
}
