using LstmActors.Engine.Initializers;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Losses;
using LstmActors.Engine.Models;
using LstmActors.Engine.Optimizers;
using LstmActors.Engine.Tensors;
using LstmActors.Engine.Tests.Models;
using static LstmActors.Engine.Tests.Seeds.SeedData;

namespace LstmActors.Engine.Tests.Seeds;

/// <summary>
/// The seeds' examples redone with GRU and SimpleRNN in place of LSTM: parameter counts as Keras computes them, the toy
/// sequences learn, the stateful wave continues, and returnSequences / returnState give the shapes Keras gives.
/// </summary>
public sealed class RecurrentCellSeedTests
{
    public static TheoryData<string> Cells => new() { "gru", "simple_rnn" };

    private static Rnn Cell(string cell, int units, string activation = "tanh", bool returnSequences = false, bool returnState = false,
        bool stateful = false) => cell == "gru"
        ? new Gru(units, activation, returnSequences: returnSequences, returnState: returnState, stateful: stateful)
        : new SimpleRnn(units, activation, returnSequences: returnSequences, returnState: returnState, stateful: stateful);

    [Theory]
    [InlineData(1, 10, true, 390)]     // Keras: GRU(10) on 1 feature, reset_after=True → 3·(1·10 + 10·10 + 2·10)
    [InlineData(1, 10, false, 360)]    // reset_after=False → 3·(1·10 + 10·10 + 10)
    [InlineData(20, 10, true, 960)]
    [InlineData(5, 32, true, 3744)]
    public void Gru_parameters_are_three_gates_of_kernel_recurrent_kernel_and_two_biases(int features, int units, bool resetAfter, int expected)
    {
        var model = new Sequential();
        model.Add(new Input(3, features));
        model.Add(new Gru(units, resetAfter: resetAfter));
        Assert.Equal(expected, model.CountParams());
        Assert.Equal(3 * (features * units + units * units + (resetAfter ? 2 : 1) * units), expected);
        var bias = model.Layers[0].Parameters.Single(p => p.Name == "bias");
        Assert.Equal(resetAfter ? [2, 3 * units] : new[] { 3 * units }, bias.Shape);
    }

    [Theory]
    [InlineData(1, 10, 120)]           // Keras: SimpleRNN(10) on 1 feature → 1·10 + 10·10 + 10
    [InlineData(20, 10, 310)]
    public void SimpleRnn_parameters_are_kernel_recurrent_kernel_and_bias(int features, int units, int expected)
    {
        var model = new Sequential();
        model.Add(new Input(3, features));
        model.Add(new SimpleRnn(units));
        Assert.Equal(expected, model.CountParams());
        Assert.Equal(features * units + units * units + units, expected);
    }

    [Fact]
    public void Summary_rows_name_the_keras_classes_and_counts()
    {
        var model = new Sequential(seed: 1);
        model.Add(new Input(3, 1));
        model.Add(new Gru(10, returnSequences: true));
        model.Add(new SimpleRnn(10, returnSequences: true));
        model.Add(new Bidirectional(new Lstm(10)));
        model.Add(new Dense(1));
        string text = model.Summary();
        Assert.Contains(" gru (GRU)                   (None, 3, 10)             390       ", text);
        Assert.Contains(" simple_rnn (SimpleRNN)      (None, 3, 10)             210       ", text);
        // Keras (2.9 on, the seeds' version) carries a name that does not fit its column over to the next line.
        Assert.Contains(" bidirectional (Bidirectiona  (None, 20)               1680      \n l)                                                              \n", text.Replace("\r", ""));
        Assert.Contains("Total params: 2,301", text);
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Many_to_one_seed_learns_the_middle_value(string cell)
    {
        var model = new Sequential(seed: 1);
        model.Add(new Input(3, 1));
        model.Add(Cell(cell, 10, activation: "relu"));
        model.Add(new Dense(5));
        model.Add(new Dense(1));
        model.Compile(new Adam(), new Mse());
        var x = Sequences([1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]);

        var history = model.Fit(x, Column(2, 5, 8, 11), epochs: 600, batchSize: 1);

        Assert.True(history.Loss[^1] < history.Loss[0] / 100, $"{cell}: loss went from {history.Loss[0]} to {history.Loss[^1]}");
        Assert.InRange(model.Predict(Sequences([13, 14, 15]))[0, 0], 12.5f, 15.5f);
    }

    private static float Wave(int t) => 0.8f * MathF.Sin(0.3f * t);

    private static Tensor Series(int start, int count) => Tensor.From(Enumerable.Range(start, count).Select(Wave).ToArray(), 1, count, 1);

    private static Sequential StatefulWave(string cell, int seed)
    {
        var model = new Sequential(seed);
        model.Add(new Input([Input.AnyLength, 1], batchSize: 1));
        model.Add(Cell(cell, 12, stateful: true, returnSequences: true));
        model.Add(new Dense(1));
        return model;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Stateful_seed_continues_a_wave_one_predicted_step_at_a_time(string cell)
    {
        const int known = 40;
        var model = StatefulWave(cell, seed: 4);
        model.Compile(new Adam(0.01f), new Mse());
        for (int epoch = 0; epoch < 300; epoch++)
        {
            model.ResetStates();
            model.TrainOnBatch(Series(0, known - 1), Series(1, known - 1));
        }

        model.ResetStates();
        float next = model.Predict(Series(0, known))[0, known - 1, 0];
        for (int step = 0; step < 5; step++)
        {
            Assert.True(MathF.Abs(next - Wave(known + step)) < 0.15f, $"{cell} step {step}: predicted {next}, the wave is at {Wave(known + step)}");
            next = model.Predict(Tensor.From([next], 1, 1, 1))[0, 0, 0];
        }
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Stateful_sequences_of_different_lengths_continue_the_kept_state(string cell)
    {
        var model = StatefulWave(cell, seed: 2);
        var whole = model.Predict(Series(0, 10));
        model.ResetStates();
        var first = model.Predict(Series(0, 7));
        var rest = model.Predict(Series(7, 3));
        TestData.AssertClose(TestData.Steps(whole, 0, 7).Span, first.Span, 1e-6f);
        TestData.AssertClose(TestData.Steps(whole, 7, 3).Span, rest.Span, 1e-6f);
    }

    private static Tensor RandomInput()
    {
        var random = new SeededRandom(11);
        var data = new float[32 * 25];
        for (int i = 0; i < data.Length; i++) data[i] = (float)random.NextDouble();
        return Tensor.From(data, 32, 25, 1);
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Shapes_for_returnSequences_and_returnState_are_keras_shapes(string cell)
    {
        var x = RandomInput();
        Assert.Equal([32, 20], Cell(cell, 20).Call(x).Shape);
        Assert.Equal([32, 25, 20], Cell(cell, 20, returnSequences: true).Call(x).Shape);

        var (output, h) = Cell(cell, 20, returnSequences: true, returnState: true).CallWithState(x);
        Assert.Equal([32, 25, 20], output.Shape);
        Assert.Equal([32, 20], h.Shape);
        for (int b = 0; b < 32; b++)
            for (int u = 0; u < 20; u++) Assert.Equal(output[b, 24, u], h[b, u]);

        var last = Cell(cell, 20, returnState: true).CallWithState(x);
        Assert.Single(last.States);
        Assert.Equal(last.Output.ToArray(), last.States[0].ToArray());
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void A_returnState_layer_is_refused_by_sequential(string cell)
    {
        var model = new Sequential();
        model.Add(new Input(3, 1));
        var error = Assert.Throws<ArgumentException>(() => model.Add(Cell(cell, 4, returnState: true)));
        Assert.Contains("CallWithState", error.Message);
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void CallWithState_starts_from_the_given_state(string cell)
    {
        var layer = Cell(cell, 6, returnState: true);
        var x = TestData.Uniform(3, 2, 4, 1);
        var zero = layer.CallWithState(x);
        var start = layer.CreateCarry(2);
        Array.Fill(start.H, 0.5f);
        var fromHalf = layer.CallWithState(x, start);
        Assert.NotEqual(zero.States[0].ToArray(), fromHalf.States[0].ToArray());
        Assert.All(start.H, v => Assert.Equal(0.5f, v));

        // The same steps after a first call, continued from its state, equal one call over all the steps.
        var (_, h) = layer.CallWithState(TestData.Steps(x, 0, 2));
        var resumed = layer.CreateCarry(2);
        h.Span.CopyTo(resumed.H);
        var continued = layer.CallWithState(TestData.Steps(x, 2, 2), resumed);
        TestData.AssertClose(zero.States[0].Span, continued.States[0].Span, 1e-6f);
    }
}
