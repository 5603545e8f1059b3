using LstmActors.Engine.Layers;
using LstmActors.Engine.Losses;
using LstmActors.Engine.Models;
using LstmActors.Engine.Optimizers;
using LstmActors.Engine.Tensors;
using static LstmActors.Engine.Tests.Models.TestData;

namespace LstmActors.Engine.Tests.Functional;

/// <summary>Mistakes in a functional graph or its data name the layer (by its Keras name), the argument and the shapes.</summary>
public sealed class FunctionalBadInputTests
{
    [Fact]
    public void A_layer_called_on_a_tensor_of_the_wrong_rank_names_itself_and_the_shape()
    {
        var lstm = Assert.Throws<ArgumentException>(() => new Lstm(4).Call(new Input(5)));
        Assert.Contains("'lstm' (LSTM)", lstm.Message);
        Assert.Contains("(None, 5)", lstm.Message);
        var repeat = Assert.Throws<ArgumentException>(() => new RepeatVector(3).Call(new Input(4, 2)));
        Assert.Contains("'repeat_vector' (RepeatVector)", repeat.Message);
        Assert.Contains("(None, 4, 2)", repeat.Message);
    }

    [Fact]
    public void A_shared_layer_called_on_other_features_names_both_shapes()
    {
        var dense = new Dense(3) { Name = "head" };
        dense.Call(new Input(4, 2));
        var error = Assert.Throws<ArgumentException>(() => dense.Call(new Input(4, 5)));
        Assert.Contains("'head' (Dense)", error.Message);
        Assert.Contains("(None, 4, 2)", error.Message);
        Assert.Contains("(None, 4, 5)", error.Message);
    }

    [Fact]
    public void A_wrong_initial_state_names_the_state_and_the_units()
    {
        var x = new Input(4, 2);
        var count = Assert.Throws<ArgumentException>(() => new Lstm(8).Call(x, [new Input(8)]));
        Assert.Contains("'lstm' (LSTM) takes 2 initial state", count.Message);
        var shape = Assert.Throws<ArgumentException>(() => new Gru(8).Call(x, [new Input(5)]));
        Assert.Contains("initialState[0]", shape.Message);
        Assert.Contains("(None, 5)", shape.Message);
        Assert.Contains("8 units", shape.Message);
        var stateful = Assert.Throws<ArgumentException>(() => new Gru(8, stateful: true).Call(x, [new Input(8)]));
        Assert.Contains("stateful", stateful.Message);
    }

    [Fact]
    public void Splitting_a_tensor_that_is_not_a_call_with_states_says_so()
    {
        var x = new Input(4, 2);
        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            var (output, h, c) = new Lstm(8).Call(x);
        });
        Assert.Contains("returnState", error.Message);
        Assert.Contains("'lstm'", error.Message);
    }

    [Fact]
    public void Outputs_not_reachable_from_the_inputs_name_the_layer_and_the_missing_input()
    {
        var a = new Input(3);
        var b = new Input(5);
        var fromB = new Dense(2) { Name = "from_b" }.Call(b);
        var output = new Concatenate().Call([new Dense(2).Call(a), fromB]);

        var error = Assert.Throws<ArgumentException>(() => new Model(a, output));

        Assert.Contains("'from_b' (Dense)", error.Message);
        Assert.Contains("(None, 5)", error.Message);
        Assert.Contains("not among the model's inputs", error.Message);
    }

    [Fact]
    public void The_wrong_number_of_targets_or_inputs_names_the_model_outputs_and_counts()
    {
        var x = new Input(4, 2);
        var h = new Lstm(3).Call(x);
        var model = new Model(x, [new Dense(1).Call(h), new Dense(2).Call(h)], name: "two_heads");
        model.Compile(new Adam(), new Mse());
        var data = Uniform(1, 5, 4, 2);

        var targets = Assert.Throws<ArgumentException>(() => model.Fit([data], [Uniform(2, 5, 1)]));
        Assert.Contains("'two_heads' has 2 output(s) (dense, dense_1) but got 1 target(s)", targets.Message);
        var inputs = Assert.Throws<ArgumentException>(() => model.Fit([data, data], [Uniform(2, 5, 1), Uniform(3, 5, 2)]));
        Assert.Contains("1 input(s) (input_1) but got 2 x tensor(s)", inputs.Message);
        var shape = Assert.Throws<ArgumentException>(() => model.Fit([data], [Uniform(2, 5, 1), Uniform(3, 5, 3)]));
        Assert.Contains("y[1] has shape (5, 3)", shape.Message);
        Assert.Contains("output 1 ('dense_1')", shape.Message);
        Assert.Contains("(None, 2)", shape.Message);
    }

    [Fact]
    public void Data_for_the_second_input_names_that_input()
    {
        var a = new Input(4, 2);
        var b = new Input(3);
        var model = new Model([a, b], new Concatenate().Call([new Lstm(2).Call(a), b]));

        var shape = Assert.Throws<ArgumentException>(() => model.Predict([Uniform(1, 5, 4, 2), Uniform(2, 5, 4)]));
        Assert.Contains("x[1] has shape (5, 4)", shape.Message);
        Assert.Contains("input 'input_2'", shape.Message);
        var samples = Assert.Throws<ArgumentException>(() => model.Predict([Uniform(1, 5, 4, 2), Uniform(2, 6, 3)]));
        Assert.Contains("x[1] has 6 samples but x[0] has 5", samples.Message);
    }

    [Fact]
    public void Two_layers_of_one_name_in_a_model_are_refused()
    {
        var x = new Input(3);
        var output = new Dense(2) { Name = "head" }.Call(new Dense(2) { Name = "head" }.Call(x));
        var error = Assert.Throws<ArgumentException>(() => new Model(x, output));
        Assert.Contains("two layers named 'head'", error.Message);
    }

    [Fact]
    public void A_bidirectional_layer_gives_no_states_in_a_graph()
    {
        var x = new Input(4, 2);
        var states = Assert.Throws<NotSupportedException>(() => new Bidirectional(new Lstm(3, returnState: true)).Call(x));
        Assert.Contains("'bidirectional' (Bidirectional)", states.Message);
        var apart = Assert.Throws<NotSupportedException>(() => new Bidirectional(new Lstm(3), mergeMode: null).Call(x));
        Assert.Contains("mergeMode null", apart.Message);
        // Merged, it is an ordinary graph layer.
        Assert.Equal([6], new Bidirectional(new Lstm(3)).Call(x).Shape);
    }

    [Fact]
    public void A_model_called_on_the_wrong_shape_names_the_model_and_its_input()
    {
        var inner = new Input(4, 2);
        var encoder = new Model(inner, new Lstm(3).Call(inner), name: "encoder");
        var error = Assert.Throws<ArgumentException>(() => encoder.Call(new Input(4, 3)));
        Assert.Contains("'encoder' (Functional)", error.Message);
        Assert.Contains("(None, 4, 2)", error.Message);
        Assert.Contains("(None, 4, 3)", error.Message);
    }
}
