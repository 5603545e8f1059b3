using LstmActors.Engine.Layers;
using LstmActors.Engine.Models;
using LstmActors.Engine.Optimizers;
using LstmActors.Engine.Losses;
using LstmActors.Engine.Tensors;
using LstmActors.Engine.Tests.Models;

namespace LstmActors.Engine.Tests.Seeds;

/// <summary>
/// Seed 003 "many to many with stateful=True": an LSTM over input_shape=(None, features) trained with
/// train_on_batch on (X = sequence[:-1], Y = sequence[1:]) and reset_states each epoch, then primed with the whole
/// known sequence and rolled forward one predicted step at a time without resetting.
/// </summary>
public sealed class StatefulSeedTests
{
    private const int Known = 40;

    private static float Wave(int t) => 0.8f * MathF.Sin(0.3f * t);

    private static Tensor Series(int start, int count) =>
        Tensor.From(Enumerable.Range(start, count).Select(Wave).ToArray(), 1, count, 1);

    private static Sequential Model(int seed)
    {
        var model = new Sequential(seed);
        model.Add(new Input([Input.AnyLength, 1], batchSize: 1));
        model.Add(new Lstm(12, stateful: true, returnSequences: true));
        model.Add(new Dense(1));
        return model;
    }

    [Fact]
    public void Summary_shows_the_open_length_as_none()
    {
        Assert.Contains("(1, None, 12)", Model(1).Summary());
    }

    [Fact]
    public void Trained_stateful_model_continues_a_wave_one_predicted_step_at_a_time()
    {
        var model = Model(seed: 4);
        model.Compile(new Adam(0.01f), new Mse());
        var x = Series(0, Known - 1);
        var y = Series(1, Known - 1);
        for (int epoch = 0; epoch < 300; epoch++)
        {
            model.ResetStates();
            model.TrainOnBatch(x, y);
        }

        model.ResetStates();
        var primed = model.Predict(Series(0, Known));
        float next = primed[0, Known - 1, 0];
        var forecast = new List<float> { next };
        for (int step = 1; step < 5; step++)
        {
            next = model.Predict(Tensor.From([next], 1, 1, 1))[0, 0, 0];
            forecast.Add(next);
        }

        for (int step = 0; step < forecast.Count; step++)
            Assert.True(MathF.Abs(forecast[step] - Wave(Known + step)) < 0.15f,
                $"step {step}: predicted {forecast[step]}, the wave is at {Wave(Known + step)}");
    }

    [Fact]
    public void Sequences_of_different_lengths_continue_the_kept_state()
    {
        var model = Model(seed: 2);
        var whole = model.Predict(Series(0, 10));
        model.ResetStates();

        var first = model.Predict(Series(0, 7));
        var rest = model.Predict(Series(7, 3));

        TestData.AssertClose(TestData.Steps(whole, 0, 7).Span, first.Span, 1e-6f);
        TestData.AssertClose(TestData.Steps(whole, 7, 3).Span, rest.Span, 1e-6f);
    }
}
