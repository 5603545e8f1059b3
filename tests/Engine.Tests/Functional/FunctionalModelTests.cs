using LstmActors.Engine.Layers;
using LstmActors.Engine.Losses;
using LstmActors.Engine.Models;
using LstmActors.Engine.Optimizers;
using LstmActors.Engine.Tensors;
using static LstmActors.Engine.Tests.Models.TestData;

namespace LstmActors.Engine.Tests.Functional;

/// <summary>Keras' functional API: Model(inputs, outputs) built by calling layers on symbolic tensors, with several inputs and outputs.</summary>
public sealed class FunctionalModelTests
{
    [Fact]
    public void A_chain_written_functionally_is_the_sequential_model_with_the_same_seed()
    {
        var inputs = new Input(3, 1);
        var h = new Lstm(10, activation: "relu").Call(inputs);
        var outputs = new Dense(1).Call(new Dense(5).Call(h));
        var model = new Model(inputs, outputs, seed: 1);
        var sequential = new Sequential(seed: 1);
        sequential.Add(new Input(3, 1));
        sequential.Add(new Lstm(10, activation: "relu"));
        sequential.Add(new Dense(5));
        sequential.Add(new Dense(1));

        Assert.Equal(541, model.CountParams());
        Assert.Equal(sequential.GetWeights(), model.GetWeights());
        var x = Tensor.FromRows([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]]).Reshape(4, 3, 1);
        var y = Tensor.From([2f, 5, 8, 11], 4);
        model.Compile(new Adam(), new Mse());
        sequential.Compile(new Adam(), new Mse());

        var history = model.Fit(x, y, epochs: 5, batchSize: 2);
        var expected = sequential.Fit(x, y, epochs: 5, batchSize: 2);

        // Same weights, same shuffling and the same layer code: the same run, bit for bit.
        Assert.Equal(expected.Loss, history.Loss);
        Assert.Equal(sequential.GetWeights(), model.GetWeights());
        Assert.Equal(sequential.Predict(x).ToArray(), model.Predict(x).ToArray());
        Assert.Equal([1], model.OutputShape);
        Assert.Equal(["lstm", "dense", "dense_1"], model.Layers.Select(l => l.Name));
    }

    [Fact]
    public void Learns_the_first_seed_as_keras_users_write_it()
    {
        var inputs = new Input(3, 1);
        var h = new Lstm(10, activation: "relu").Call(inputs);
        var outputs = new Dense(1).Call(new Dense(5).Call(h));
        var model = new Model(inputs, outputs, seed: 1);
        model.Compile(new Adam(), new Mse());
        var x = Tensor.FromRows([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]]).Reshape(4, 3, 1);

        model.Fit(x, Tensor.From([2f, 5, 8, 11], 4), epochs: 600, batchSize: 1);

        Assert.InRange(model.Predict(Tensor.From([13f, 14, 15], 1, 3, 1))[0, 0], 13f, 15f);
        Assert.Contains("Total params: 541", model.Summary());
    }

    /// <summary>A sequence and a vector in; the LSTM's last h read by two heads (so its gradient is a sum), one through Concatenate.</summary>
    private static Model TwoInTwoOut()
    {
        var sequence = new Input(4, 2);
        var extra = new Input(3);
        var h = new Lstm(5).Call(sequence);
        var joined = new Concatenate().Call([h, extra]);
        var first = new Dense(2).Call(joined);
        var second = new Dense(1, activation: "tanh").Call(h);
        var model = new Model([sequence, extra], [first, second], seed: 3);
        model.Compile(new Sgd(0.05f), new Mse());
        return model;
    }

    [Fact]
    public void Several_inputs_and_outputs_predict_one_tensor_per_output_and_sum_the_losses()
    {
        var model = TwoInTwoOut();
        Tensor[] x = [Uniform(1, 6, 4, 2), Uniform(2, 6, 3)];
        Tensor[] y = [Uniform(3, 6, 2), Uniform(4, 6, 1)];

        var predictions = model.Predict(x);

        Assert.Equal(2, predictions.Count);
        Assert.Equal([6, 2], predictions[0].Shape);
        Assert.Equal([6, 1], predictions[1].Shape);
        var mse = new Mse();
        float expected = mse.Compute(predictions[0], y[0]) + mse.Compute(predictions[1], y[1]);
        Assert.Equal(expected, model.Evaluate(x, y), 6);
        // A (batch,) target fits a (batch, 1) output, as for one output.
        Assert.Equal(expected, model.Evaluate(x, [y[0], y[1].Reshape(6)]), 6);
    }

    [Fact]
    public void Gradients_of_several_inputs_and_outputs_match_finite_differences()
    {
        var model = TwoInTwoOut();
        model.SetWeights(Uniform(5, model.CountParams()).ToArray());
        Tensor[] x = [Uniform(1, 3, 4, 2), Uniform(2, 3, 3)];
        Tensor[] y = [Uniform(3, 3, 2), Uniform(4, 3, 1)];

        var gradients = model.ComputeGradients(x, y);

        Assert.Equal(model.Evaluate(x, y), gradients.Loss, 5);
        AssertMatchesFiniteDifferences(model, gradients.Values, () => model.Evaluate(x, y));
    }

    [Fact]
    public void Fit_with_a_list_of_targets_lowers_the_summed_loss()
    {
        var model = TwoInTwoOut();
        Tensor[] x = [Uniform(1, 16, 4, 2), Uniform(2, 16, 3)];
        Tensor[] y = [Uniform(3, 16, 2), Uniform(4, 16, 1)];
        float before = model.Evaluate(x, y);

        var history = model.Fit(x, y, epochs: 40, batchSize: 4, validationSplit: 0.25f);

        Assert.Equal(40, history.Epochs);
        Assert.True(history.Loss[^1] < history.Loss[0] * 0.8f, $"loss {history.Loss[0]} → {history.Loss[^1]}");
        Assert.True(model.Evaluate(x, y) < before);
        Assert.Equal(40, history.ValLoss.Count);
        // As Keras logs them: each output's loss by its layer's name, and they add up to the loss.
        var logs = history.Values;
        Assert.Equal(["dense_1_loss", "dense_loss", "loss", "val_dense_1_loss", "val_dense_loss", "val_loss"], logs.Keys.Order());
        Assert.Equal(logs["loss"][^1], logs["dense_loss"][^1] + logs["dense_1_loss"][^1], 5);
        Assert.Equal(logs["val_loss"][^1], logs["val_dense_loss"][^1] + logs["val_dense_1_loss"][^1], 5);
        Assert.True(model.TrainOnBatch(x, y) > 0);
    }

    [Fact]
    public void Concatenate_joins_on_the_feature_axis_or_on_the_axis_given()
    {
        var a = new Input(2, 3);
        var b = new Input(2, 1);
        var c = new Input(1, 3);
        var features = new Model([a, b], new Concatenate().Call([a, b]));
        var steps = new Model([a, c], new Concatenate(axis: 1).Call([a, c]));
        var xa = Uniform(1, 2, 2, 3);
        var xb = Uniform(2, 2, 2, 1);
        var xc = Uniform(3, 2, 1, 3);

        var joined = features.Predict([xa, xb])[0];
        var stacked = steps.Predict([xa, xc])[0];

        Assert.Equal([2, 4], features.OutputShape);
        Assert.Equal([2, 2, 4], joined.Shape);
        Assert.Equal([xa[1, 0, 0], xa[1, 0, 1], xa[1, 0, 2], xb[1, 0, 0]], [joined[1, 0, 0], joined[1, 0, 1], joined[1, 0, 2], joined[1, 0, 3]]);
        Assert.Equal([2, 3, 3], stacked.Shape);
        Assert.Equal(xc[1, 0, 2], stacked[1, 2, 2]);
        Assert.Equal(xa[0, 1, 0], stacked[0, 1, 0]);
    }

    [Fact]
    public void Predict_with_one_tensor_on_a_model_with_two_outputs_says_to_pass_a_list()
    {
        var model = TwoInTwoOut();
        var error = Assert.Throws<ArgumentException>(() => model.Predict(Uniform(1, 2, 4, 2)));
        Assert.Contains("2 input(s) (input_1, input_2)", error.Message);
    }
}
