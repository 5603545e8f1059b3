using LstmActors.Engine.Layers;
using LstmActors.Engine.Models;
using LstmActors.Engine.Recurrent;
using static LstmActors.Engine.Tests.Models.TestData;

namespace LstmActors.Engine.Tests.Models;

/// <summary>Models with GRU, SimpleRNN and Bidirectional layers run from explicit carries, as actors use them.</summary>
public sealed class RecurrentCarryTests
{
    private static Sequential Model(bool bidirectional = true)
    {
        var model = new Sequential(seed: 8);
        model.Add(new Input([Input.AnyLength, 3]));
        model.Add(new Gru(6, returnSequences: true));
        model.Add(bidirectional ? new Bidirectional(new SimpleRnn(4, returnSequences: true), mergeMode: "sum") : new SimpleRnn(4, returnSequences: true));
        model.Add(new Lstm(5, returnSequences: true));
        model.Add(new Dense(1));
        return model;
    }

    [Fact]
    public void The_carry_holds_one_state_of_each_layers_kind()
    {
        var carry = Model().CreateCarry(2);
        Assert.IsType<HiddenCarry>(carry.Carries[0]);
        var bidirectional = Assert.IsType<BidirectionalCarry>(carry.Carries[1]);
        Assert.Equal(2, bidirectional.States.Count);
        Assert.IsType<LstmCarry>(carry.Carries[2]);
        Assert.Throws<InvalidOperationException>(() => carry.Layers);
    }

    [Fact]
    public void Many_series_advanced_together_equal_each_advanced_alone()
    {
        const int series = 4;
        var model = Model();
        var x = Uniform(5, series, 7, 3);
        var together = model.CreateCarry(series);
        var batched = model.Advance(x, together);
        for (int s = 0; s < series; s++)
        {
            var alone = model.CreateCarry(1);
            AssertClose(model.Advance(x.Slice(s, 1), alone).Span, batched.Slice(s, 1).Span, 1e-6f);
            var row = together.Select([s]);
            for (int l = 0; l < row.Carries.Count; l++)
                for (int k = 0; k < row.Carries[l].States.Count; k++)
                    AssertClose(alone.Carries[l].States[k], row.Carries[l].States[k], 1e-6f);
        }
    }

    [Fact]
    public void Many_series_advanced_together_in_chunks_equal_each_advanced_alone_in_one_go()
    {
        // A Bidirectional layer reads each chunk backward on its own, so only one-direction layers here.
        const int series = 4, length = 9;
        var model = Model(bidirectional: false);
        var x = Uniform(6, series, length, 3);
        var together = model.CreateCarry(series);
        var chunks = new List<float[]>();
        foreach (var (start, count) in new[] { (0, 4), (4, 1), (5, 4) })
            chunks.Add(model.Advance(Steps(x, start, count), together).ToArray());

        for (int s = 0; s < series; s++)
        {
            var alone = model.CreateCarry(1);
            var whole = model.Advance(x.Slice(s, 1), alone);
            int offset = 0;
            foreach (var (chunk, count) in chunks.Zip(new[] { 4, 1, 4 }))
            {
                AssertClose(Steps(whole, offset, count).Span, chunk.AsSpan(s * count, count), 1e-6f);
                offset += count;
            }
            var row = together.Select([s]);
            for (int l = 0; l < row.Carries.Count; l++)
                for (int k = 0; k < row.Carries[l].States.Count; k++)
                    AssertClose(alone.Carries[l].States[k], row.Carries[l].States[k], 1e-6f);
        }
    }

    [Fact]
    public void A_carry_of_the_wrong_kind_is_refused_naming_both()
    {
        var model = Model();
        var wrong = new ModelCarry([new LstmCarry(2, 6), model.CreateCarry(2).Carries[1], new LstmCarry(2, 5)]);
        var error = Assert.Throws<ArgumentException>(() => model.Advance(Uniform(1, 2, 3, 3), wrong));
        Assert.Contains("LstmCarry", error.Message);
        Assert.Contains("HiddenCarry", error.Message);
    }

    [Fact]
    public void Gradients_from_a_carry_advance_it_as_inference_does()
    {
        var model = Model();
        model.Compile("adam", "mse");
        var x = Uniform(2, 2, 5, 3);
        var start = model.CreateCarry(2);
        var expected = start.Clone();
        model.Advance(x, expected);
        var carry = start.Clone();
        var gradients = model.ComputeGradients(x, Uniform(3, 2, 5, 1), carry);
        Assert.Equal(model.CountParams(), gradients.Values.Length);
        Assert.Contains(gradients.Values, g => g != 0f);
        for (int l = 0; l < carry.Carries.Count; l++)
            for (int k = 0; k < carry.Carries[l].States.Count; k++)
                AssertClose(expected.Carries[l].States[k], carry.Carries[l].States[k], 1e-6f);
    }
}
