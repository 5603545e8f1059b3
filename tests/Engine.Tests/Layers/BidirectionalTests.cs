using LstmActors.Engine.Initializers;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Models;
using LstmActors.Engine.Recurrent;
using LstmActors.Engine.Tensors;
using LstmActors.Engine.Tests.Models;

namespace LstmActors.Engine.Tests.Layers;

/// <summary>Bidirectional: Keras shapes per merge mode, and the same numbers as a forward layer and a goBackwards layer merged by hand.</summary>
public sealed class BidirectionalTests
{
    public static TheoryData<string, string, bool> Cases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (string cell in new[] { "lstm", "gru", "simple_rnn" })
            foreach (string mode in new[] { "concat", "sum", "mul", "ave" })
                foreach (bool sequences in new[] { false, true })
                    data.Add(cell, mode, sequences);
        return data;
    }

    private static Rnn Cell(string cell, bool returnSequences, bool goBackwards = false) => cell switch
    {
        "gru" => new Gru(5, returnSequences: returnSequences, goBackwards: goBackwards),
        "simple_rnn" => new SimpleRnn(5, returnSequences: returnSequences, goBackwards: goBackwards),
        _ => new Lstm(5, returnSequences: returnSequences, goBackwards: goBackwards),
    };

    private static Tensor X() => TestData.Uniform(4, 3, 6, 2);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_shape_follows_the_merge_mode(string cell, string mode, bool sequences)
    {
        var output = new Bidirectional(Cell(cell, sequences), mode).Call(X());
        int width = mode == "concat" ? 10 : 5;
        Assert.Equal(sequences ? [3, 6, width] : new[] { 3, width }, output.Shape);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Equals_a_forward_layer_and_a_go_backwards_layer_merged_by_hand(string cell, string mode, bool sequences)
    {
        var x = X();
        var bidirectional = new Bidirectional(Cell(cell, sequences), mode);
        var merged = bidirectional.Call(x);
        var (forward, backward) = ByHand(bidirectional, cell, sequences, x);

        var f = forward.Span;
        var b = backward.Span;
        var expected = new float[merged.Length];
        int rows = f.Length / 5;
        for (int r = 0; r < rows; r++)
            for (int u = 0; u < 5; u++)
            {
                float fv = f[r * 5 + u], bv = b[r * 5 + u];
                if (mode == "concat")
                {
                    expected[r * 10 + u] = fv;
                    expected[r * 10 + 5 + u] = bv;
                }
                else expected[r * 5 + u] = mode switch { "sum" => fv + bv, "mul" => fv * bv, _ => (fv + bv) / 2 };
            }
        TestData.AssertClose(expected, merged.Span, 1e-6f);
    }

    [Theory]
    [InlineData("gru", "concat")]
    [InlineData("lstm", "mul")]
    [InlineData("simple_rnn", "ave")]
    public void Gradients_equal_those_of_the_two_layers_run_by_hand(string cell, string mode)
    {
        var x = X();
        var bidirectional = new Bidirectional(Cell(cell, returnSequences: true), mode);
        bidirectional.Call(x);
        var (forwardLayer, backwardLayer) = Copies(bidirectional, cell, returnSequences: true);
        var upstream = TestData.Uniform(9, [.. bidirectional.Call(x).Shape]);

        bidirectional.Forward(x, training: true);
        var dx = bidirectional.Backward(upstream);
        var forward = forwardLayer.Forward(x, training: true);
        var backward = backwardLayer.Forward(x, training: true);
        // d(merge)/d(forward) and d(merge)/d(backward) by hand, the backward one put back into processing (reversed) order.
        var (dForward, dBackward) = SplitByHand(upstream, forward, Reverse(backward), mode);
        var dxForward = forwardLayer.Backward(dForward);
        var dxBackward = backwardLayer.Backward(Reverse(dBackward));

        var expectedDx = dxForward.ToArray().Zip(dxBackward.ToArray(), (a, b) => a + b).ToArray();
        TestData.AssertClose(expectedDx, dx.Span, 1e-5f);
        var expected = forwardLayer.Parameters.Concat(backwardLayer.Parameters).Select(p => p.Gradient).ToArray();
        var actual = bidirectional.Parameters.Select(p => p.Gradient).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) TestData.AssertClose(expected[i], actual[i], 1e-5f);
    }

    [Fact]
    public void Merge_mode_null_gives_both_outputs_and_is_refused_by_sequential()
    {
        var x = X();
        var bidirectional = new Bidirectional(new Gru(5, returnSequences: true), mergeMode: null);
        var (forward, backward) = bidirectional.CallSeparately(x);
        var (byHandForward, byHandBackward) = ByHand(bidirectional, "gru", true, x);
        TestData.AssertClose(byHandForward.Span, forward.Span, 1e-6f);
        TestData.AssertClose(byHandBackward.Span, backward.Span, 1e-6f);

        var model = new Sequential();
        model.Add(new Input(6, 2));
        var error = Assert.Throws<ArgumentException>(() => model.Add(new Bidirectional(new Gru(5), mergeMode: null)));
        Assert.Contains("CallSeparately", error.Message);
        Assert.Throws<ArgumentException>(() => new Bidirectional(new Gru(5), "max"));
    }

    [Fact]
    public void Return_state_gives_the_forward_states_then_the_backward_states()
    {
        var x = X();
        var bidirectional = new Bidirectional(new Lstm(5, returnState: true));
        var result = bidirectional.CallWithState(x);
        Assert.Equal([3, 10], result.Output.Shape);
        Assert.Equal(4, result.States.Count);
        Assert.All(result.States, s => Assert.Equal([3, 5], s.Shape));
        // Without returnSequences the output is [forward h, backward h].
        for (int b = 0; b < 3; b++)
            for (int u = 0; u < 5; u++)
            {
                Assert.Equal(result.Output[b, u], result.States[0][b, u]);
                Assert.Equal(result.Output[b, 5 + u], result.States[2][b, u]);
            }
        Assert.IsType<BidirectionalCarry>(bidirectional.CreateCarry(3));
    }

    [Fact]
    public void A_stateful_bidirectional_model_keeps_both_carries_between_batches()
    {
        var model = new Sequential(seed: 3);
        model.Add(new Input([Input.AnyLength, 2], batchSize: 3));
        model.Add(new Bidirectional(new Gru(5, stateful: true, returnSequences: true)));
        var x = X();
        var first = model.Predict(x);
        var second = model.Predict(x);
        Assert.NotEqual(first.ToArray(), second.ToArray());
        model.ResetStates();
        Assert.Equal(first.ToArray(), model.Predict(x).ToArray());
    }

    /// <summary>Plain layers with the Bidirectional's weights: one forward, one with goBackwards, the latter's sequence turned back to input order.</summary>
    private static (Tensor Forward, Tensor Backward) ByHand(Bidirectional bidirectional, string cell, bool sequences, Tensor x)
    {
        var (forwardLayer, backwardLayer) = Copies(bidirectional, cell, sequences);
        var backward = backwardLayer.Call(x);
        return (forwardLayer.Call(x), sequences ? Reverse(backward) : backward);
    }

    private static (Rnn Forward, Rnn Backward) Copies(Bidirectional bidirectional, string cell, bool returnSequences)
    {
        var forward = Cell(cell, returnSequences);
        var backward = Cell(cell, returnSequences, goBackwards: true);
        forward.Build(bidirectional.InputShape, new SeededRandom(1));
        backward.Build(bidirectional.InputShape, new SeededRandom(2));
        CopyWeights(bidirectional.ForwardLayer, forward);
        CopyWeights(bidirectional.BackwardLayer, backward);
        return (forward, backward);
    }

    private static void CopyWeights(Layer from, Layer to)
    {
        Assert.Equal(from.Parameters.Count, to.Parameters.Count);
        for (int i = 0; i < from.Parameters.Count; i++) from.Parameters[i].Value.CopyTo(to.Parameters[i].Value, 0);
        to.OnWeightsChanged();
    }

    private static Tensor Reverse(Tensor sequence)
    {
        var data = new float[sequence.Length];
        Rnn.ReverseTime(sequence.Span, data, sequence.Shape[0], sequence.Shape[1], sequence.Shape[2]);
        return Tensor.From(data, [.. sequence.Shape]);
    }

    private static (Tensor, Tensor) SplitByHand(Tensor upstream, Tensor forward, Tensor backward, string mode)
    {
        int rows = forward.Length / 5;
        var df = new float[forward.Length];
        var db = new float[forward.Length];
        for (int r = 0; r < rows; r++)
            for (int u = 0; u < 5; u++)
            {
                int i = r * 5 + u;
                (df[i], db[i]) = mode switch
                {
                    "concat" => (upstream.Span[r * 10 + u], upstream.Span[r * 10 + 5 + u]),
                    "sum" => (upstream.Span[i], upstream.Span[i]),
                    "mul" => (upstream.Span[i] * backward.Span[i], upstream.Span[i] * forward.Span[i]),
                    _ => (upstream.Span[i] / 2, upstream.Span[i] / 2),
                };
            }
        return (Tensor.From(df, [.. forward.Shape]), Tensor.From(db, [.. forward.Shape]));
    }
}
