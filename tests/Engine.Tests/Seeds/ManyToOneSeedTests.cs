using LstmActors.Engine.Layers;
using LstmActors.Engine.Models;
using LstmActors.Engine.Optimizers;
using LstmActors.Engine.Losses;
using static LstmActors.Engine.Tests.Seeds.SeedData;

namespace LstmActors.Engine.Tests.Seeds;

/// <summary>Seed 002 "코드 구현 1": LSTM(10, relu) on (3, 1) → Dense(5) → Dense(1) learns "the middle value" of [1,2,3]…[10,11,12].</summary>
public sealed class ManyToOneSeedTests
{
    private static Sequential Build(int seed)
    {
        var model = new Sequential(seed);
        model.Add(new Input(3, 1));
        model.Add(new Lstm(10, activation: "relu"));
        model.Add(new Dense(5));
        model.Add(new Dense(1));
        return model;
    }

    [Fact]
    public void Has_541_parameters_like_the_seed_summary()
    {
        var model = Build(seed: 1);
        Assert.Equal(480, model.Layers[0].CountParams());
        Assert.Equal(55, model.Layers[1].CountParams());
        Assert.Equal(6, model.Layers[2].CountParams());
        Assert.Equal(541, model.CountParams());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Trained_with_adam_and_mse_predicts_about_14_for_13_14_15(int seed)
    {
        var model = Build(seed);
        model.Compile(new Adam(), new Mse());
        var x = Sequences([1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]);
        var y = Column(2, 5, 8, 11);

        var history = model.Fit(x, y, epochs: 600, batchSize: 1);

        Assert.True(history.Loss[^1] < history.Loss[0] / 100, $"loss went from {history.Loss[0]} to {history.Loss[^1]}");
        float prediction = model.Predict(Sequences([13, 14, 15]))[0, 0];
        Assert.InRange(prediction, 12.5f, 15.5f);
    }
}
