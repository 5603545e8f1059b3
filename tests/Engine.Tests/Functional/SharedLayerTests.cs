using LstmActors.Engine.Layers;
using LstmActors.Engine.Losses;
using LstmActors.Engine.Models;
using LstmActors.Engine.Optimizers;
using LstmActors.Engine.Tensors;
using static LstmActors.Engine.Tests.Models.TestData;

namespace LstmActors.Engine.Tests.Functional;

/// <summary>A layer called twice is one set of weights, and its gradient is the sum of both calls' gradients.</summary>
public sealed class SharedLayerTests
{
    /// <summary>Keras' shared encoder: one LSTM reads two sequences, a Dense reads both codes.</summary>
    private static (Model Model, Lstm Shared) Siamese()
    {
        var left = new Input(4, 2);
        var right = new Input(4, 2);
        var shared = new Lstm(3);
        var joined = new Concatenate().Call([shared.Call(left), shared.Call(right)]);
        var model = new Model([left, right], new Dense(1, activation: "tanh").Call(joined), seed: 7);
        model.Compile(new Sgd(0.01f), new Mse());
        return (model, shared);
    }

    /// <summary>The same graph with two LSTMs that happen to hold the same weights.</summary>
    private static Model TwoCopies()
    {
        var left = new Input(4, 2);
        var right = new Input(4, 2);
        var joined = new Concatenate().Call([new Lstm(3).Call(left), new Lstm(3).Call(right)]);
        var model = new Model([left, right], new Dense(1, activation: "tanh").Call(joined), seed: 7);
        model.Compile(new Sgd(0.01f), new Mse());
        return model;
    }

    [Fact]
    public void A_layer_called_twice_has_one_set_of_weights()
    {
        var (model, shared) = Siamese();
        var x = Uniform(1, 5, 4, 2);

        var output = model.Predict([x, x])[0];

        Assert.Equal(shared.CountParams() + 7, model.CountParams());
        Assert.Single(model.Layers.OfType<Lstm>());
        // The same sequence on both sides gives the same code twice: the head sees [c, c].
        var code = shared.Call(x);
        var head = (Dense)model.Layers[^1];
        var expected = head.Call(Tensor.From([.. Enumerable.Range(0, 5).SelectMany(b => Enumerable.Range(0, 6).Select(k => code[b, k % 3]))], 5, 6));
        Assert.Equal(expected.ToArray(), output.ToArray());
    }

    [Fact]
    public void The_shared_gradient_is_the_sum_of_two_copies_gradients()
    {
        var (model, _) = Siamese();
        model.SetWeights(Uniform(3, model.CountParams()).ToArray());
        var copies = TwoCopies();
        var weights = model.GetWeights();
        int lstm = model.Layers.OfType<Lstm>().Single().CountParams();
        // Copies: lstm, lstm_1, dense; the shared model: lstm, dense.
        copies.SetWeights([.. weights[..lstm], .. weights[..lstm], .. weights[lstm..]]);
        Tensor[] x = [Uniform(1, 3, 4, 2), Uniform(2, 3, 4, 2)];
        var y = Uniform(4, 3, 1);

        var shared = model.ComputeGradients(x, [y]).Values;
        var separate = copies.ComputeGradients(x, [y]).Values;

        var sum = separate[..lstm].Zip(separate[lstm..(2 * lstm)], (a, b) => a + b).ToArray();
        AssertClose(sum, shared.AsSpan(0, lstm), 1e-6f);
        AssertClose(separate.AsSpan(2 * lstm), shared.AsSpan(lstm), 1e-6f);
        Assert.Contains(sum, g => MathF.Abs(g) > 1e-3f);
    }

    [Fact]
    public void The_shared_gradient_matches_finite_differences()
    {
        var (model, _) = Siamese();
        model.SetWeights(Uniform(3, model.CountParams()).ToArray());
        Tensor[] x = [Uniform(1, 3, 4, 2), Uniform(2, 3, 4, 2)];
        Tensor[] y = [Uniform(4, 3, 1)];

        var gradients = model.ComputeGradients(x, y);

        AssertMatchesFiniteDifferences(model, gradients.Values, () => model.Evaluate(x, y));
    }

    [Fact]
    public void An_lstm_cell_stepped_by_hand_with_its_state_is_the_lstm_over_the_whole_sequence()
    {
        // The seeds' loop: a, _, c = cell(step, initial_state=[a, c]), one step at a time, the same layer each time.
        var steps = Enumerable.Range(0, 3).Select(_ => new Input(1, 2)).ToArray();
        var cell = new Lstm(4, returnState: true);
        var (output, h, c) = cell.Call(steps[0]);
        foreach (var step in steps[1..]) (output, h, c) = cell.Call(step, [h, c]);
        var head = new Dense(1);
        var stepped = new Model(steps, head.Call(output), seed: 5);
        stepped.Compile(new Sgd(0.01f), new Mse());
        var sequence = new Input(3, 2);
        var whole = new Model(sequence, head.Call(cell.Call(sequence)));
        whole.Compile(new Sgd(0.01f), new Mse());
        var x = Uniform(1, 2, 3, 2);
        Tensor[] split = [.. Enumerable.Range(0, 3).Select(t => Steps(x, t, 1))];
        var y = Uniform(2, 2, 1);

        AssertClose(whole.Predict(x).Span, stepped.Predict(split)[0].Span, 1e-6f);
        // Three calls of one layer, each with its own record, run backward in reverse: the same gradient as one call over three steps.
        Assert.Equal(whole.CountParams(), stepped.CountParams());
        AssertClose(whole.ComputeGradients(x, y).Values, stepped.ComputeGradients(split, [y]).Values, 1e-5f);
    }
}
