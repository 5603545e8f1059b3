using LstmActors.Engine.Layers;
using LstmActors.Engine.Models;
using LstmActors.Engine.Tensors;
using static LstmActors.Engine.Tests.Models.TestData;

namespace LstmActors.Engine.Tests.Functional;

/// <summary>Stateful layers and explicit carries in functional models: one carry slot per recurrent call, nested models included.</summary>
public sealed class FunctionalStatefulTests
{
    private const int Batch = 3, Features = 2, Length = 12, Chunk = 4;

    /// <summary>Two recurrent branches over one input (one inside a nested model), joined.</summary>
    private static Model Branches(int timesteps, int? batchSize, bool stateful)
    {
        var inner = new Input([timesteps, Features], batchSize);
        var nested = new Model(inner, new Gru(3, returnSequences: true, stateful: stateful).Call(inner), name: "nested", seed: 1);
        var x = new Input([timesteps, Features], batchSize);
        var lstm = new Lstm(4, returnSequences: true, stateful: stateful).Call(x);
        var joined = new Concatenate().Call([lstm, nested.Call(x)]);
        return new Model(x, new Dense(1).Call(joined), seed: 2);
    }

    [Fact]
    public void A_sequence_fed_in_chunks_through_a_stateful_functional_model_equals_feeding_it_whole()
    {
        var whole = Branches(Length, null, stateful: false);
        var chunked = Branches(Chunk, Batch, stateful: true);
        chunked.SetWeights(whole.GetWeights());
        var x = Uniform(1, Batch, Length, Features);

        var expected = whole.Predict(x);
        for (int start = 0; start < Length; start += Chunk)
            AssertClose(Steps(expected, start, Chunk).Span, chunked.Predict(Steps(x, start, Chunk)).Span, 1e-6f);

        chunked.ResetStates();
        AssertClose(Steps(expected, 0, Chunk).Span, chunked.Predict(Steps(x, 0, Chunk)).Span, 1e-6f);
    }

    [Fact]
    public void An_explicit_carry_has_a_slot_per_recurrent_call_and_advances_as_a_whole_run()
    {
        var model = Branches(Input.AnyLength, null, stateful: false);
        var x = Uniform(2, Batch, Length, Features);
        var carry = model.CreateCarry(Batch);

        var expected = model.Predict(x);
        var parts = Enumerable.Range(0, Length / Chunk).Select(c => model.Advance(Steps(x, c * Chunk, Chunk), carry)).ToArray();

        Assert.Equal(["lstm", "gru"], model.RecurrentLayers.Select(l => l.Name));
        for (int c = 0; c < parts.Length; c++) AssertClose(Steps(expected, c * Chunk, Chunk).Span, parts[c].Span, 1e-6f);
    }

    [Fact]
    public void A_layer_fed_its_initial_state_by_the_graph_has_no_carry_slot()
    {
        var x = new Input(4, 2);
        var (_, h, c) = new Lstm(3, returnState: true).Call(x);
        var model = new Model(x, new Lstm(3).Call(x, [h, c]));

        Assert.Single(model.RecurrentLayers);
        Assert.Single(model.CreateCarry(2).Carries);
    }

    [Fact]
    public void A_stateful_layer_needs_the_input_batch_size()
    {
        var x = new Input(4, 2);
        var output = new Lstm(3, stateful: true).Call(x);
        var error = Assert.Throws<InvalidOperationException>(() => new Model(x, output));
        Assert.Contains("'lstm'", error.Message);
        Assert.Contains("batchSize", error.Message);
    }
}
