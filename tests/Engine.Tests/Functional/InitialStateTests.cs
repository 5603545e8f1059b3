using LstmActors.Engine.Activations;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Losses;
using LstmActors.Engine.Models;
using LstmActors.Engine.Optimizers;
using LstmActors.Engine.Recurrent;
using LstmActors.Engine.Tensors;
using LstmActors.Engine.Tests.Recurrent;
using static LstmActors.Engine.Tests.Models.TestData;

namespace LstmActors.Engine.Tests.Functional;

/// <summary>returnState and initialState in functional form: <c>output, h, c = LSTM(…, return_state=True)(x, initial_state=[h0, c0])</c>.</summary>
public sealed class InitialStateTests
{
    [Fact]
    public void Return_state_gives_the_output_and_the_final_states()
    {
        var x = new Input(5, 3);
        var (output, h, c) = new Lstm(8, returnState: true).Call(x);
        var (sequence, state) = new Gru(6, returnSequences: true, returnState: true).Call(x);

        Assert.Equal([8], output.Shape);
        Assert.Equal([8], h.Shape);
        Assert.Equal([8], c.Shape);
        Assert.Equal([5, 6], sequence.Shape);
        Assert.Equal([6], state.Shape);
        var model = new Model(x, [output, h, c, sequence, state]);
        var values = model.Predict([Uniform(1, 2, 5, 3)]);
        // Without returnSequences the output is the last h.
        Assert.Equal(values[0].ToArray(), values[1].ToArray());
        Assert.Equal(values[3].ToArray()[^6..], values[4].ToArray()[^6..]);
    }

    [Fact]
    public void The_initial_state_is_honoured_and_equals_call_with_state_and_the_reference_lstm()
    {
        var reference = new ReferenceLstm(new LstmSpec(3, 4, Activation.Tanh, Activation.Sigmoid, UseBias: true), batch: 2, timesteps: 5, seed: 11);
        var x = new Input(5, 3);
        var h0 = new Input(4);
        var c0 = new Input(4);
        var lstm = new Lstm(4, returnSequences: true, returnState: true);
        var (sequence, h, c) = lstm.Call(x, [h0, c0]);
        var model = new Model([x, h0, c0], [sequence, h, c]);
        model.SetWeights([.. reference.Weights.Kernel, .. reference.Weights.RecurrentKernel, .. reference.Weights.Bias]);
        var input = Tensor.From(reference.Input, 2, 5, 3);
        var initialH = Tensor.From(reference.InitialH, 2, 4);
        var initialC = Tensor.From(reference.InitialC, 2, 4);

        var outputs = model.Predict([input, initialH, initialC]);
        var fromZeros = model.Predict([input, Tensor.Zeros(2, 4), Tensor.Zeros(2, 4)]);

        Assert.NotEqual(fromZeros[0].ToArray(), outputs[0].ToArray());
        var carry = new LstmCarry(2, 4);
        reference.InitialH.CopyTo(carry.H, 0);
        reference.InitialC.CopyTo(carry.C, 0);
        var (byCall, byCallH, byCallC) = lstm.CallWithState(input, carry);
        Assert.Equal(byCall.ToArray(), outputs[0].ToArray());
        Assert.Equal(byCallH.ToArray(), outputs[1].ToArray());
        Assert.Equal(byCallC.ToArray(), outputs[2].ToArray());
        var (expected, expectedH, expectedC) = reference.Forward();
        AssertClose(expected.Select(v => (float)v).ToArray(), outputs[0].Span, 1e-5f);
        AssertClose(expectedH.Select(v => (float)v).ToArray(), outputs[1].Span, 1e-5f);
        AssertClose(expectedC.Select(v => (float)v).ToArray(), outputs[2].Span, 1e-5f);
    }

    [Theory]
    [InlineData("lstm", false)]
    [InlineData("lstm", true)]
    [InlineData("gru", false)]
    [InlineData("simple_rnn", true)]
    public void Gradients_flow_into_the_initial_state(string cell, bool goBackwards)
    {
        // The initial state comes from a context vector through Dense layers, whose only gradient runs through that state.
        var x = new Input(4, 2);
        var context = new Input(3);
        var h0 = new Dense(5, activation: "tanh").Call(context);
        var rnn = cell switch
        {
            "lstm" => (Rnn)new Lstm(5, returnSequences: true, goBackwards: goBackwards),
            "gru" => new Gru(5, returnSequences: true, goBackwards: goBackwards),
            _ => new SimpleRnn(5, returnSequences: true, goBackwards: goBackwards),
        };
        KerasTensor[] state = rnn is Lstm ? [h0, new Dense(5).Call(context)] : [h0];
        var output = new Dense(1).Call(rnn.Call(x, state));
        var model = new Model([x, context], output, seed: 4);
        model.Compile(new Sgd(0.01f), new Mse());
        model.SetWeights(Uniform(6, model.CountParams()).ToArray());
        Tensor[] inputs = [Uniform(1, 3, 4, 2), Uniform(2, 3, 3)];
        Tensor[] y = [Uniform(3, 3, 4, 1)];

        var gradients = model.ComputeGradients(inputs, y);

        int stateDense = model.Layers.OfType<Dense>().First().CountParams();
        Assert.Contains(gradients.Values[..stateDense], g => MathF.Abs(g) > 1e-3f);
        AssertMatchesFiniteDifferences(model, gradients.Values, () => model.Evaluate(inputs, y));
    }

    [Fact]
    public void The_final_states_can_be_what_the_loss_reads()
    {
        // The classic encoder: only the states leave, and the output itself reaches no loss.
        var x = new Input(4, 2);
        var (_, h, c) = new Lstm(3, returnState: true).Call(x);
        var model = new Model(x, new Dense(2).Call(new Concatenate().Call([h, c])), seed: 8);
        model.Compile(new Sgd(0.01f), new Mse());
        model.SetWeights(Uniform(6, model.CountParams()).ToArray());
        var input = Uniform(1, 3, 4, 2);
        var y = Uniform(2, 3, 2);

        var gradients = model.ComputeGradients(input, y);

        AssertMatchesFiniteDifferences(model, gradients.Values, () => model.Evaluate(input, y));
    }
}
