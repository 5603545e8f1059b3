using LstmActors.Engine.Layers;
using LstmActors.Engine.Models;
using LstmActors.Engine.Tensors;
using static LstmActors.Engine.Tests.Models.TestData;

namespace LstmActors.Engine.Tests.Models;

/// <summary>Keras stateful semantics at model level, and the explicit carry the actors use.</summary>
public sealed class StatefulTests
{
    private const int Batch = 3, Features = 2, Length = 12, Chunk = 4;

    private static Sequential Model(int timesteps, int? batchSize, bool stateful)
    {
        var model = new Sequential(seed: 5);
        model.Add(new Input([timesteps, Features], batchSize));
        model.Add(new Lstm(6, returnSequences: true, stateful: stateful));
        model.Add(new Lstm(4, returnSequences: true, stateful: stateful));
        model.Add(new Dense(1));
        return model;
    }

    [Fact]
    public void A_sequence_fed_in_chunks_through_a_stateful_model_equals_feeding_it_whole()
    {
        var whole = Model(Length, null, stateful: false);
        var chunked = Model(Chunk, Batch, stateful: true);
        chunked.SetWeights(whole.GetWeights());
        var x = Uniform(1, Batch, Length, Features);

        var expected = whole.Predict(x);
        for (int start = 0; start < Length; start += Chunk)
        {
            var part = chunked.Predict(Steps(x, start, Chunk));
            AssertClose(Steps(expected, start, Chunk).Span, part.Span, 1e-6f);
        }
    }

    [Fact]
    public void ResetStates_makes_the_next_batch_start_a_new_sequence()
    {
        var model = Model(Chunk, Batch, stateful: true);
        var x = Uniform(2, Batch, Chunk, Features);

        var first = model.Predict(x).ToArray();
        var continued = model.Predict(x).ToArray();
        model.ResetStates();
        var afterReset = model.Predict(x).ToArray();

        Assert.NotEqual(first, continued);
        Assert.Equal(first, afterReset);
    }

    [Fact]
    public void A_stateful_batch_of_the_wrong_size_names_expected_and_actual()
    {
        var model = Model(Chunk, Batch, stateful: true);
        model.Compile("adam", "mse");
        var x = Uniform(3, Batch + 1, Chunk, Features);
        var error = Assert.Throws<ArgumentException>(() => model.TrainOnBatch(x, Uniform(4, Batch + 1, Chunk, 1)));
        Assert.Contains("fixed batch size of 3", error.Message);
        Assert.Contains("got a batch of 4", error.Message);
        var predictError = Assert.Throws<ArgumentException>(() => model.Predict(x));
        Assert.Contains("number of samples (4)", predictError.Message);
        Assert.Contains("batch size 3", predictError.Message);
    }

    [Fact]
    public void A_stateful_lstm_without_a_batch_size_is_refused()
    {
        var model = new Sequential();
        model.Add(new Input(Chunk, Features));
        var error = Assert.Throws<InvalidOperationException>(() => model.Add(new Lstm(3, stateful: true)));
        Assert.Contains("batchSize", error.Message);
    }

    [Fact]
    public void Fit_on_a_stateful_model_keeps_order_and_state_like_train_on_batch_in_sequence()
    {
        var fitted = Model(Chunk, Batch, stateful: true);
        var stepped = Model(Chunk, Batch, stateful: true);
        stepped.SetWeights(fitted.GetWeights());
        fitted.Compile("adam", "mse");
        stepped.Compile("adam", "mse");
        // Two consecutive batches of the same 3 series: rows 0-2 then rows 3-5.
        var x = Uniform(4, 2 * Batch, Chunk, Features);
        var y = Uniform(5, 2 * Batch, Chunk, 1);

        fitted.Fit(x, y, epochs: 1, batchSize: Batch, shuffle: true);
        stepped.TrainOnBatch(x.Slice(0, Batch), y.Slice(0, Batch));
        stepped.TrainOnBatch(x.Slice(Batch, Batch), y.Slice(Batch, Batch));

        Assert.Equal(stepped.GetWeights(), fitted.GetWeights());
        Assert.Equal(stepped.Predict(x.Slice(0, Batch)).ToArray(), fitted.Predict(x.Slice(0, Batch)).ToArray());
    }

    [Fact]
    public void Many_series_advanced_together_from_their_carries_equal_each_advanced_alone()
    {
        const int series = 5;
        var model = Model(Chunk, null, stateful: false);
        var x = Uniform(6, series, Length, Features);
        var together = model.CreateCarry(series);
        var alone = Enumerable.Range(0, series).Select(_ => model.CreateCarry(1)).ToArray();

        for (int start = 0; start < Length; start += Chunk)
        {
            var chunk = Steps(x, start, Chunk);
            var batched = model.Advance(chunk, together);
            for (int s = 0; s < series; s++)
            {
                var single = model.Advance(chunk.Slice(s, 1), alone[s]);
                AssertClose(single.Span, batched.Slice(s, 1).Span, 1e-6f);
            }
        }
        for (int s = 0; s < series; s++)
        {
            var row = together.Select([s]);
            for (int l = 0; l < row.Layers.Count; l++)
            {
                AssertClose(alone[s].Layers[l].H, row.Layers[l].H, 1e-6f);
                AssertClose(alone[s].Layers[l].C, row.Layers[l].C, 1e-6f);
            }
        }
    }

    [Fact]
    public void Advancing_step_by_step_from_a_carry_equals_a_stateful_model_on_the_whole_window()
    {
        var stateful = Model(Length, 2, stateful: true);
        var stepper = Model(1, null, stateful: false);
        stepper.SetWeights(stateful.GetWeights());
        var x = Uniform(7, 2, Length, Features);

        var expected = stateful.Predict(x);
        var carry = stepper.CreateCarry(2);
        for (int t = 0; t < Length; t++)
        {
            var step = stepper.Advance(Steps(x, t, 1), carry);
            AssertClose(Steps(expected, t, 1).Span, step.Span, 1e-6f);
        }
    }

    [Fact]
    public void A_carry_for_the_wrong_model_or_batch_is_refused_by_name()
    {
        var model = Model(Chunk, null, stateful: false);
        var x = Uniform(8, 2, Chunk, Features);
        var wrongBatch = Assert.Throws<ArgumentException>(() => model.Advance(x, model.CreateCarry(3)));
        Assert.Contains("3 series", wrongBatch.Message);
        var other = new Sequential();
        other.Add(new Input(Chunk, Features));
        other.Add(new Lstm(6));
        var wrongLayers = Assert.Throws<ArgumentException>(() => model.Advance(x, other.CreateCarry(2)));
        Assert.Contains("2 recurrent layers", wrongLayers.Message);
    }

    [Fact]
    public void Go_backwards_processes_reversed_time_and_returns_outputs_in_that_order()
    {
        var forward = new Lstm(5, returnSequences: true);
        var backward = new Lstm(5, returnSequences: true, goBackwards: true);
        var x = Uniform(9, 2, 6, 3);
        var reversedX = Tensor.Zeros(2, 6, 3);
        for (int b = 0; b < 2; b++)
            for (int t = 0; t < 6; t++)
                for (int f = 0; f < 3; f++) reversedX[b, 5 - t, f] = x[b, t, f];

        var expected = forward.Call(reversedX); // same seed 0, same weights
        var actual = backward.Call(x);

        Assert.Equal(expected.ToArray(), actual.ToArray());
    }
}
