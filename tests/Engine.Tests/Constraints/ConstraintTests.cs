using LstmActors.Engine.Constraints;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Losses;
using LstmActors.Engine.Models;
using LstmActors.Engine.Optimizers;
using static LstmActors.Engine.Tests.Models.TestData;

namespace LstmActors.Engine.Tests.Constraints;

/// <summary>Keras constraints project weights after each optimizer step, with norms along Keras' axis (default 0: per column of a kernel).</summary>
public sealed class ConstraintTests
{
    /// <summary>L2 norms of a row-major (rows, columns) matrix's columns, or rows when <paramref name="ofRows"/>.</summary>
    private static double[] Norms(float[] w, int rows, int columns, bool ofRows = false) => ofRows
        ? Enumerable.Range(0, rows).Select(r => Math.Sqrt(Enumerable.Range(0, columns).Sum(c => (double)w[r * columns + c] * w[r * columns + c]))).ToArray()
        : Enumerable.Range(0, columns).Select(c => Math.Sqrt(Enumerable.Range(0, rows).Sum(r => (double)w[r * columns + c] * w[r * columns + c]))).ToArray();

    // Columns with norms 5, 0.5 and 1.5; rows with norms √10.25, √9.25.
    private static float[] Matrix() => [3f, 0.3f, 0f, 4f, 0.4f, 1.5f];

    [Fact]
    public void Max_norm_scales_columns_above_the_limit_down_and_leaves_the_others()
    {
        var w = Matrix();
        new MaxNorm(1f).Apply(w, [2, 3]);
        Assert.Equal([1, 0.5, 1], Norms(w, 2, 3), (a, b) => Math.Abs(a - b) < 1e-5);
        Assert.Equal([0.6f, 0.3f, 0f, 0.8f, 0.4f, 1f], w, (a, b) => MathF.Abs(a - b) < 1e-5f);

        var rows = Matrix();
        new MaxNorm(2f, axis: 1).Apply(rows, [2, 3]);
        Assert.All(Norms(rows, 2, 3, ofRows: true), n => Assert.Equal(2, n, 5));
    }

    [Fact]
    public void Unit_norm_gives_every_slice_norm_one_along_its_axis()
    {
        var w = Matrix();
        Constraint.Get("unit_norm").Apply(w, [2, 3]);
        Assert.All(Norms(w, 2, 3), n => Assert.Equal(1, n, 5));
        var rows = Matrix();
        new UnitNorm(axis: -1).Apply(rows, [2, 3]);
        Assert.All(Norms(rows, 2, 3, ofRows: true), n => Assert.Equal(1, n, 5));
        var bias = new[] { 3f, 4f };
        new UnitNorm().Apply(bias, [2]);
        Assert.Equal([0.6f, 0.8f], bias, (a, b) => MathF.Abs(a - b) < 1e-6f);
    }

    [Fact]
    public void Min_max_norm_clips_norms_into_the_range_at_the_given_rate()
    {
        var w = Matrix();
        new MinMaxNorm(1f, 2f).Apply(w, [2, 3]);
        Assert.Equal([2, 1, 1.5], Norms(w, 2, 3), (a, b) => Math.Abs(a - b) < 1e-5);
        var half = Matrix();
        new MinMaxNorm(1f, 2f, rate: 0.5f).Apply(half, [2, 3]);
        Assert.Equal([3.5, 0.75, 1.5], Norms(half, 2, 3), (a, b) => Math.Abs(a - b) < 1e-5);
    }

    [Fact]
    public void Non_neg_zeroes_negative_weights()
    {
        var w = new[] { -1f, 0.5f, -0.01f, 0f };
        Constraint.Get("non_neg").Apply(w, [4]);
        Assert.Equal([0f, 0.5f, 0f, 0f], w);
    }

    [Fact]
    public void A_bad_axis_or_name_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new MaxNorm(axis: 2).Apply(new float[6], [2, 3]));
        Assert.Contains("'max_normal'", Assert.Throws<ArgumentException>(() => Constraint.Get("max_normal")).Message);
    }

    private static Sequential Model(bool constrained)
    {
        var model = new Sequential(seed: 6);
        model.Add(new Input(3, 2));
        model.Add(constrained ? new Lstm(3, recurrentConstraint: "unit_norm", kernelConstraint: new MaxNorm(0.2f)) : new Lstm(3));
        model.Add(constrained ? new Dense(4, kernelConstraint: new MaxNorm(0.1f), biasConstraint: "non_neg") : new Dense(4));
        model.Compile(new Sgd(2f), new Mse());
        return model;
    }

    [Fact]
    public void After_a_step_the_weights_satisfy_their_constraints_and_an_unconstrained_step_does_not()
    {
        var x = Uniform(1, 6, 3, 2);
        var y = Uniform(2, 6, 4);
        var constrained = Model(constrained: true);
        var plain = Model(constrained: false);

        constrained.TrainOnBatch(x, y);
        plain.TrainOnBatch(x, y);

        var lstm = (Lstm)constrained.Layers[0];
        var dense = constrained.Layers[1].Parameters;
        Assert.All(Norms(lstm.Weights.Kernel, 2, 12), n => Assert.True(n <= 0.2 + 1e-6, $"kernel column norm {n}"));
        Assert.All(Norms(lstm.Weights.RecurrentKernel, 3, 12), n => Assert.Equal(1, n, 5));
        Assert.All(Norms(dense[0].Value, 3, 4), n => Assert.True(n <= 0.1 + 1e-6, $"dense column norm {n}"));
        Assert.All(dense[1].Value, v => Assert.True(v >= 0));

        var plainLstm = (Lstm)plain.Layers[0];
        Assert.Contains(Norms(plainLstm.Weights.Kernel, 2, 12), n => n > 0.2);
        Assert.Contains(Norms(plainLstm.Weights.RecurrentKernel, 3, 12), n => Math.Abs(n - 1) > 1e-3);
        Assert.Contains(Norms(plain.Layers[1].Parameters[0].Value, 3, 4), n => n > 0.1);
        Assert.Contains(plain.Layers[1].Parameters[1].Value, v => v < 0);
    }

    [Fact]
    public void ApplyGradients_applies_the_constraints_too()
    {
        var model = Model(constrained: true);
        var gradient = Enumerable.Range(0, model.CountParams()).Select(i => (i % 3 - 1) * 0.7f).ToArray();

        model.ApplyGradients(gradient);

        Assert.All(Norms(model.Layers[1].Parameters[0].Value, 3, 4), n => Assert.True(n <= 0.1 + 1e-6));
        Assert.All(model.Layers[1].Parameters[1].Value, v => Assert.True(v >= 0));
    }
}
