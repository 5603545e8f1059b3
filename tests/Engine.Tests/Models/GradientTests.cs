using LstmActors.Engine.Layers;
using LstmActors.Engine.Losses;
using LstmActors.Engine.Models;
using LstmActors.Engine.Optimizers;
using LstmActors.Engine.Tensors;
using static LstmActors.Engine.Tests.Models.TestData;

namespace LstmActors.Engine.Tests.Models;

/// <summary>The gradients the Sequential training path computes agree with central finite differences of the loss.</summary>
public sealed class GradientTests
{
    private static Sequential Model(float learningRate = 0.01f)
    {
        var model = new Sequential(seed: 21);
        model.Add(new Input(4, 2));
        model.Add(new Lstm(3, returnSequences: true));
        model.Add(new Lstm(3));
        model.Add(new Dense(2, activation: "tanh"));
        model.Compile(new Sgd(learningRate), new Mse());
        return model;
    }

    [Theory]
    [InlineData("concat")]
    [InlineData("mul")]
    public void Gru_simple_rnn_and_bidirectional_models_match_finite_differences(string mergeMode)
    {
        var model = new Sequential(seed: 22);
        model.Add(new Input(4, 2));
        model.Add(new Gru(3, returnSequences: true, resetAfter: false, goBackwards: true));
        model.Add(new Bidirectional(new SimpleRnn(3, returnSequences: true), mergeMode));
        model.Add(new Gru(3));
        model.Add(new Dense(2, activation: "tanh"));
        model.Compile(new Sgd(0.01f), new Mse());
        // Non-zero biases, so their gradients are checked at a general point.
        model.SetWeights(Uniform(5, model.CountParams()).ToArray());
        var x = Uniform(1, 3, 4, 2);
        var y = Uniform(2, 3, 2);

        var gradients = model.ComputeGradients(x, y);

        Assert.Equal(model.Evaluate(x, y), gradients.Loss, 5);
        AssertMatchesFiniteDifferences(model, gradients.Values, () => model.Evaluate(x, y));
    }

    [Fact]
    public void ComputeGradients_from_zero_state_matches_finite_differences()
    {
        var model = Model();
        var x = Uniform(1, 3, 4, 2);
        var y = Uniform(2, 3, 2);

        var gradients = model.ComputeGradients(x, y);

        Assert.Equal(model.CountParams(), gradients.Values.Length);
        Assert.Equal(model.Evaluate(x, y), gradients.Loss, 5);
        AssertMatchesFiniteDifferences(model, gradients.Values, () => model.Evaluate(x, y));
    }

    [Fact]
    public void ComputeGradients_from_a_given_carry_is_truncated_bptt_from_that_state()
    {
        var model = Model();
        var x = Uniform(3, 2, 4, 2);
        var y = Uniform(4, 2, 2);
        var start = model.CreateCarry(2);
        int seed = 10;
        foreach (var layer in start.Layers)
        {
            Uniform(seed++, layer.H.Length).Span.CopyTo(layer.H);
            Uniform(seed++, layer.C.Length).Span.CopyTo(layer.C);
        }
        var carry = start.Clone();

        var gradients = model.ComputeGradients(x, y, carry);

        // The carry is advanced to the window's end, as a stateful fit would leave it.
        var expectedEnd = start.Clone();
        model.Advance(x, expectedEnd);
        Assert.Equal(expectedEnd.Layers[1].H, carry.Layers[1].H);
        var fromZero = model.ComputeGradients(x, y);
        Assert.NotEqual(fromZero.Values, gradients.Values);
        AssertMatchesFiniteDifferences(model, gradients.Values, () => model.Loss!.Compute(model.Advance(x, start.Clone()), y));
    }

    [Fact]
    public void TrainOnBatch_steps_against_the_computed_gradient_and_ApplyGradients_does_the_same()
    {
        const float rate = 0.01f;
        var trained = Model(rate);
        var applied = Model(rate);
        var x = Uniform(5, 3, 4, 2);
        var y = Uniform(6, 3, 2);
        var before = trained.GetWeights();

        var gradients = trained.ComputeGradients(x, y);
        trained.TrainOnBatch(x, y);
        applied.ApplyGradients(gradients.Values);

        var after = trained.GetWeights();
        for (int i = 0; i < before.Length; i++)
            Assert.Equal(before[i] - rate * gradients.Values[i], after[i], 6);
        Assert.Equal(after, applied.GetWeights());
    }

    [Fact]
    public void Summed_gradients_of_two_halves_equal_the_whole_batch_gradient_weighted_by_size()
    {
        var model = Model();
        var x = Uniform(7, 4, 4, 2);
        var y = Uniform(8, 4, 2);

        var whole = model.ComputeGradients(x, y);
        var first = model.ComputeGradients(x.Slice(0, 2), y.Slice(0, 2));
        var second = model.ComputeGradients(x.Slice(2, 2), y.Slice(2, 2));

        var combined = first.Values.Zip(second.Values, (a, b) => (a * first.Samples + b * second.Samples) / 4f).ToArray();
        AssertClose(whole.Values, combined, 1e-5f);
    }

    [Fact]
    public void Dropout_changes_training_passes_but_not_predictions()
    {
        var plain = new Sequential(seed: 2);
        plain.Add(new Input(5, 3));
        plain.Add(new Lstm(4));
        plain.Compile("sgd", "mse");
        var dropped = new Sequential(seed: 2);
        dropped.Add(new Input(5, 3));
        dropped.Add(new Lstm(4, dropout: 0.5f, recurrentDropout: 0.5f));
        dropped.Compile("sgd", "mse");
        var x = Uniform(9, 6, 5, 3);
        var y = Tensor.Zeros(6, 4);

        Assert.Equal(plain.GetWeights(), dropped.GetWeights());
        Assert.Equal(plain.Predict(x).ToArray(), dropped.Predict(x).ToArray());
        Assert.NotEqual(plain.ComputeGradients(x, y).Values, dropped.ComputeGradients(x, y).Values);
    }
}
