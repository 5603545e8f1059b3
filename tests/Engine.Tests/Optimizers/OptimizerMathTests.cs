using LstmActors.Engine.Layers;
using LstmActors.Engine.Optimizers;

namespace LstmActors.Engine.Tests.Optimizers;

/// <summary>Two update steps of each optimizer against values worked out by hand from Keras' update formulas.</summary>
public sealed class OptimizerMathTests
{
    /// <summary>Applies the gradients in turn to one weight starting at <paramref name="start"/>; returns the weight after each step.</summary>
    internal static float[] Run(Optimizer optimizer, float start, params float[] gradients)
    {
        var parameter = new Parameter("w", 1);
        parameter.Value[0] = start;
        var trace = new List<float>();
        foreach (float g in gradients)
        {
            parameter.Gradient[0] = g;
            optimizer.Apply([parameter]);
            trace.Add(parameter.Value[0]);
        }
        return trace.ToArray();
    }

    [Fact]
    public void Adam_with_keras_defaults()
    {
        // Step 1: m = 0.05, v = 0.00025, α = 0.001·√0.001/0.1 → w = 1 − α·m/(√v + 1e-7) = 0.99900001.
        // Step 2: m = 0.055, v = 0.00025975, α = 0.001·√0.001999/0.19 → w = 0.99819697.
        var w = Run(new Adam(), 1f, 0.5f, 0.1f);
        Assert.Equal(0.99900001f, w[0], 6);
        Assert.Equal(0.99819697f, w[1], 6);
    }

    [Fact]
    public void Sgd_plain_momentum_and_nesterov()
    {
        Assert.Equal([0.95f, 0.94f], Run(new Sgd(0.1f), 1f, 0.5f, 0.1f), Tolerance);
        // u = −0.05 → w = 0.95; u = 0.9·(−0.05) − 0.01 = −0.055 → w = 0.895.
        Assert.Equal([0.95f, 0.895f], Run(new Sgd(0.1f, momentum: 0.9f), 1f, 0.5f, 0.1f), Tolerance);
        // Nesterov: w += 0.9·u − lr·g: 1 − 0.095 = 0.905, then 0.905 − 0.0595 = 0.8455.
        Assert.Equal([0.905f, 0.8455f], Run(new Sgd(0.1f, momentum: 0.9f, nesterov: true), 1f, 0.5f, 0.1f), Tolerance);
    }

    [Fact]
    public void RmsProp_keras_3_form()
    {
        // v = 0.025 → w = 1 − 0.01·0.5/√(0.025 + 1e-7); v = 0.0235 → w −= 0.01·0.1/√(0.0235 + 1e-7).
        var w = Run(new RmsProp(0.01f), 1f, 0.5f, 0.1f);
        Assert.Equal(0.96837729f, w[0], 6);
        Assert.Equal(0.96185402f, w[1], 6);
    }

    [Fact]
    public void ClipNorm_rescales_each_tensor_and_global_clip_norm_all_together()
    {
        var a = new Parameter("a", 2);
        var b = new Parameter("b", 1);
        // a's gradient (3, 4) has norm 5, b's (12) has norm 12; joint norm 13.
        void SetGradients()
        {
            a.Gradient[0] = 3; a.Gradient[1] = 4; b.Gradient[0] = 12;
        }

        SetGradients();
        new Sgd(1f, clipNorm: 1f).Apply([a, b]);
        Assert.Equal([-0.6f, -0.8f], a.Value, Tolerance);
        Assert.Equal(-1f, b.Value[0], 6);

        Array.Clear(a.Value);
        Array.Clear(b.Value);
        SetGradients();
        new Sgd(1f, globalClipNorm: 1.3f).Apply([a, b]);
        Assert.Equal([-0.3f, -0.4f], a.Value, Tolerance);
        Assert.Equal(-1.2f, b.Value[0], 6);
    }

    [Fact]
    public void Unknown_optimizer_name_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => Optimizer.Parse("adagrad"));
        Assert.Contains("adagrad", error.Message);
    }

    private static readonly IEqualityComparer<float> Tolerance =
        EqualityComparer<float>.Create((x, y) => MathF.Abs(x - y) < 1e-6f, _ => 0);
}
