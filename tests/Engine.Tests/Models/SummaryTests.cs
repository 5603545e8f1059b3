using LstmActors.Engine.Layers;
using LstmActors.Engine.Models;

namespace LstmActors.Engine.Tests.Models;

/// <summary>model.Summary() prints the Keras table of the seeds.</summary>
public sealed class SummaryTests
{
    [Fact]
    public void Summary_of_the_first_seed_model_has_its_rows_and_totals()
    {
        var model = new Sequential(seed: 1);
        model.Add(new Input(3, 1));
        model.Add(new Lstm(10, activation: "relu"));
        model.Add(new Dense(5));
        model.Add(new Dense(1));

        var lines = model.Summary().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

        Assert.Equal("Model: \"sequential\"", lines[0]);
        Assert.Equal(" Layer (type)                Output Shape              Param #   ", lines[2]);
        Assert.Contains(" lstm (LSTM)                 (None, 10)                480       ", lines);
        Assert.Contains(" dense (Dense)               (None, 5)                 55        ", lines);
        Assert.Contains(" dense_1 (Dense)             (None, 1)                 6         ", lines);
        // As in the seed: every row is followed by a blank row, then the totals.
        Assert.Equal(new string(' ', 65), lines[^7]);
        Assert.Equal(new string('=', 65), lines[^6]);
        Assert.Contains("Total params: 541", lines);
        Assert.Contains("Trainable params: 541", lines);
        Assert.Contains("Non-trainable params: 0", lines);
    }

    [Fact]
    public void Summary_shows_sequences_and_thousands_separators()
    {
        var model = new Sequential(seed: 1);
        model.Add(new Input(3, 1));
        model.Add(new Lstm(20, activation: "relu", returnSequences: true));
        model.Add(new Lstm(10, activation: "relu"));
        model.Add(new Dense(1));

        string text = model.Summary();

        Assert.Contains(" lstm (LSTM)                 (None, 3, 20)             1760      ", text);
        Assert.Contains(" lstm_1 (LSTM)               (None, 10)                1240      ", text);
        Assert.Contains("Total params: 3,011", text);
    }

    [Fact]
    public void Summary_of_a_stateful_model_shows_its_fixed_batch()
    {
        var model = new Sequential(seed: 1);
        model.Add(new Input([3, 1], batchSize: 4));
        model.Add(new Lstm(4, stateful: true));
        Assert.Contains(" lstm (LSTM)                 (4, 4)                    96        ", model.Summary());
    }
}
