using LstmActors.Engine.Layers;
using LstmActors.Engine.Losses;
using LstmActors.Engine.Models;
using LstmActors.Engine.Optimizers;
using LstmActors.Engine.Regularizers;
using static LstmActors.Engine.Tests.Models.TestData;

namespace LstmActors.Engine.Tests.Regularizers;

/// <summary>Keras regularizers: the loss grows by exactly l1·Σ|w| + l2·Σw² per regularized weight and output, and the gradients include it.</summary>
public sealed class RegularizerTests
{
    private static Sequential Model(bool regularized)
    {
        var model = new Sequential(seed: 12);
        model.Add(new Input(4, 2));
        model.Add(regularized
            ? new Lstm(3, kernelRegularizer: new L2(0.05f), recurrentRegularizer: "l1", biasRegularizer: new L1L2(0.02f, 0.03f),
                activityRegularizer: new L2(0.1f))
            : new Lstm(3));
        model.Add(regularized ? new Dense(2, kernelRegularizer: "l2", biasRegularizer: "l1_l2", activityRegularizer: new L1L2(0.01f, 0.2f)) : new Dense(2));
        model.Compile(new Sgd(0.1f), new Mse());
        return model;
    }

    [Fact]
    public void Penalties_follow_the_keras_formulas_with_default_factors_001()
    {
        float[] w = [1f, -2f, 0.5f];
        Assert.Equal(0.01 * 3.5, Regularizer.Get("l1").Penalty(w), 6);
        Assert.Equal(0.01 * 5.25, Regularizer.Get("l2").Penalty(w), 6);
        Assert.Equal(0.01 * 3.5 + 0.01 * 5.25, Regularizer.Get("l1_l2").Penalty(w), 6);
        Assert.Equal(0.3 * 3.5 + 0.7 * 5.25, new L1L2(0.3f, 0.7f).Penalty(w), 5);
        var gradient = new float[3];
        new L1L2(0.3f, 0.7f).AddGradient(w, gradient);
        Assert.Equal([0.3f + 1.4f, -0.3f - 2.8f, 0.3f + 0.7f], gradient);
    }

    [Fact]
    public void The_loss_grows_by_every_weight_and_activity_penalty()
    {
        var regularized = Model(regularized: true);
        var plain = Model(regularized: false);
        var x = Uniform(1, 5, 4, 2);
        var y = Uniform(2, 5, 2);
        Assert.Equal(plain.GetWeights(), regularized.GetWeights());
        var lstm = (Lstm)regularized.Layers[0];
        var dense = (Dense)regularized.Layers[1];

        double expected = plain.Evaluate(x, y)
            + 0.05 * SumSquares(lstm.Weights.Kernel) + 0.01 * SumAbs(lstm.Weights.RecurrentKernel)
            + 0.02 * SumAbs(lstm.Weights.Bias) + 0.03 * SumSquares(lstm.Weights.Bias)
            + 0.1 * SumSquares(lstm.Call(x).Span)
            + 0.01 * SumSquares(dense.Parameters[0].Value) + 0.01 * SumAbs(dense.Parameters[1].Value) + 0.01 * SumSquares(dense.Parameters[1].Value)
            + 0.01 * SumAbs(regularized.Predict(x).Span) + 0.2 * SumSquares(regularized.Predict(x).Span);

        Assert.Equal(expected, regularized.Evaluate(x, y), 5);
        Assert.Equal(expected, regularized.ComputeGradients(x, y).Loss, 5);
        Assert.Equal(expected, regularized.TrainOnBatch(x, y), 5);
    }

    [Fact]
    public void Gradients_include_the_penalties_and_match_finite_differences()
    {
        var model = Model(regularized: true);
        var x = Uniform(3, 4, 4, 2);
        var y = Uniform(4, 4, 2);

        var gradients = model.ComputeGradients(x, y);

        Assert.NotEqual(Model(regularized: false).ComputeGradients(x, y).Values, gradients.Values);
        AssertMatchesFiniteDifferences(model, gradients.Values, () => model.Evaluate(x, y));
    }
}
