using LstmActors.Engine.Callbacks;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Models;
using static LstmActors.Engine.Tests.Seeds.SeedData;

namespace LstmActors.Engine.Tests.Seeds;

/// <summary>Seed 002 "코드 구현 2/3": stacked LSTM(20, relu, returnSequences) → LSTM(10, relu) → Dense.</summary>
public sealed class StackedSeedTests
{
    private static Sequential Build(int seed, int timesteps, int outputs)
    {
        var model = new Sequential(seed);
        model.Add(new Input(timesteps, 1));
        model.Add(new Lstm(20, activation: "relu", returnSequences: true));
        model.Add(new Lstm(10, activation: "relu"));
        model.Add(new Dense(outputs));
        return model;
    }

    [Fact]
    public void Stacked_model_has_1760_1240_11_parameters()
    {
        var model = Build(seed: 1, timesteps: 3, outputs: 1);
        Assert.Equal([1760, 1240, 11], model.Layers.Select(l => l.CountParams()));
        Assert.Equal(3011, model.CountParams());
        Assert.Equal([3, 20], model.Layers[0].OutputShape);
        Assert.Equal([10], model.Layers[1].OutputShape);
    }

    [Fact]
    public void With_a_two_unit_head_it_has_3022_parameters()
    {
        var model = Build(seed: 1, timesteps: 4, outputs: 2);
        Assert.Equal(22, model.Layers[2].CountParams());
        Assert.Equal(3022, model.CountParams());
    }

    [Fact]
    public void Learns_the_middle_of_three_consecutive_numbers_on_held_out_triples()
    {
        var model = Build(seed: 7, timesteps: 3, outputs: 1);
        model.Compile("adam", "mse");
        float[][] starts = [[1], [4], [7], [10], [13], [16], [19], [22], [25], [28], [50], [60], [63]];
        var x = Sequences(starts.Select(s => new[] { s[0], s[0] + 1, s[0] + 2 }).ToArray());
        var y = Column(starts.Select(s => s[0] + 1).ToArray());

        var stop = new EarlyStopping(monitor: "loss", patience: 20);
        model.Fit(x, y, epochs: 300, batchSize: 1, callbacks: [stop]);

        var heldOut = Sequences([41, 42, 43], [33, 34, 35], [55, 56, 57]);
        var prediction = model.Predict(heldOut);
        Assert.InRange(prediction[0, 0], 40f, 44f);
        Assert.InRange(prediction[1, 0], 32f, 36f);
        Assert.InRange(prediction[2, 0], 54f, 58f);
    }
}
