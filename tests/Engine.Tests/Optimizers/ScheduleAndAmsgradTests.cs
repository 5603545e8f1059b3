using LstmActors.Engine.Optimizers;
using static LstmActors.Engine.Tests.Optimizers.OptimizerMathTests;

namespace LstmActors.Engine.Tests.Optimizers;

/// <summary>Adam's amsgrad, the ExponentialDecay and InverseTimeDecay schedules and Keras' legacy decay, replayed against their closed formulas.</summary>
public sealed class ScheduleAndAmsgradTests
{
    [Fact]
    public void Amsgrad_steps_with_the_running_maximum_of_v()
    {
        // A large first gradient, then small ones: with a short β2 memory v falls, v̂ keeps its maximum, so the steps shrink.
        float[] g = [1f, 0.1f, 0.1f, -0.2f, 0.1f];
        double lr = 0.1, b1 = 0.9, b2 = 0.5, eps = 1e-7, w = 1, m = 0, v = 0, vHat = 0;
        var expected = new float[g.Length];
        for (int t = 1; t <= g.Length; t++)
        {
            m += (g[t - 1] - m) * (1 - b1);
            v += (g[t - 1] * (double)g[t - 1] - v) * (1 - b2);
            vHat = Math.Max(vHat, v);
            w -= lr * Math.Sqrt(1 - Math.Pow(b2, t)) / (1 - Math.Pow(b1, t)) * m / (Math.Sqrt(vHat) + eps);
            expected[t - 1] = (float)w;
        }

        var amsgrad = Run(new Adam(0.1f, beta2: 0.5f, amsgrad: true), 1f, g);
        var plain = Run(new Adam(0.1f, beta2: 0.5f), 1f, g);

        Assert.Equal(expected, amsgrad, (a, b) => MathF.Abs(a - b) <= 1e-5f);
        Assert.True(MathF.Abs(plain[^1] - amsgrad[^1]) > 1e-3f, $"amsgrad {amsgrad[^1]} should differ from plain Adam {plain[^1]}");
    }

    [Fact]
    public void Exponential_decay_follows_initial_times_rate_to_the_step_over_decay_steps()
    {
        var smooth = new ExponentialDecay(0.1f, 100, 0.5f);
        var stairs = new ExponentialDecay(0.1f, 100, 0.5f, staircase: true);
        Assert.Equal(0.1f, smooth.At(0));
        Assert.Equal(0.1 * Math.Pow(0.5, 2.5), smooth.At(250), 7);
        Assert.Equal(0.1 * 0.25, stairs.At(250), 7);
        Assert.Equal(0.1 * 0.5, stairs.At(199), 7);
    }

    [Fact]
    public void Inverse_time_decay_follows_initial_over_one_plus_rate_times_step_over_decay_steps()
    {
        Assert.Equal(0.1 / (1 + 0.5 * 2.5), new InverseTimeDecay(0.1f, 100, 0.5f).At(250), 7);
        Assert.Equal(0.1 / (1 + 0.5 * 2), new InverseTimeDecay(0.1f, 100, 0.5f, staircase: true).At(250), 7);
    }

    [Fact]
    public void Sgd_with_exponential_decay_per_step_equals_pytorch_exponential_lr()
    {
        // torch ExponentialLR(gamma) stepped after every update: the k-th update (from 0) uses lr·gammaᵏ.
        var optimizer = new Sgd(new ExponentialDecay(0.1f, 1, 0.9f));
        var trace = Run(optimizer, 1f, 1f, 1f, 1f, 1f);
        double w = 1;
        for (int k = 0; k < 4; k++)
        {
            w -= 0.1 * Math.Pow(0.9, k);
            Assert.Equal(w, trace[k], 6);
        }
        Assert.Equal(0.1 * Math.Pow(0.9, 4), optimizer.LearningRate, 7);
    }

    [Fact]
    public void Legacy_decay_divides_the_rate_by_one_plus_decay_times_iterations()
    {
        var optimizer = new Sgd(0.1f, decay: 0.5f);
        var trace = Run(optimizer, 0f, 1f, 1f, 1f);
        Assert.Equal(-0.1, trace[0], 6);
        Assert.Equal(-0.1 - 0.1 / 1.5, trace[1], 6);
        Assert.Equal(-0.1 - 0.1 / 1.5 - 0.1 / 2, trace[2], 6);
        Assert.Equal(0.1 / 2.5, optimizer.LearningRate, 7);
    }

    [Fact]
    public void Legacy_decay_applies_on_top_of_a_schedule_as_in_keras_2()
    {
        var optimizer = new Adam(new InverseTimeDecay(0.01f, 10, 1f), decay: 0.1f);
        Run(optimizer, 0f, 1f, 1f, 1f);
        Assert.Equal(0.01 / (1 + 0.3) / (1 + 0.1 * 3), optimizer.LearningRate, 7);
    }
}
