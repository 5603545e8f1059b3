using LstmActors.Engine.Layers;
using LstmActors.Engine.Models;
using LstmActors.Engine.Optimizers;
using LstmActors.Engine.Losses;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Tests.Seeds;

/// <summary>Seed 003: the encoder/decoder LSTM → RepeatVector → LSTM(returnSequences) → TimeDistributed(Dense), trained with fit(X, X).</summary>
public sealed class EncoderDecoderSeedTests
{
    private static Sequential Build(int timesteps)
    {
        var model = new Sequential(seed: 3);
        model.Add(new Input(timesteps, 1));
        model.Add(new Lstm(16));
        model.Add(new RepeatVector(timesteps));
        model.Add(new Lstm(16, returnSequences: true));
        model.Add(new TimeDistributed(new Dense(1)));
        return model;
    }

    [Fact]
    public void Shapes_and_parameters_follow_each_layer()
    {
        var model = Build(timesteps: 5);
        Assert.Equal([16], model.Layers[0].OutputShape);
        Assert.Equal([5, 16], model.Layers[1].OutputShape);
        Assert.Equal([5, 16], model.Layers[2].OutputShape);
        Assert.Equal([5, 1], model.Layers[3].OutputShape);
        Assert.Equal(4 * ((1 + 1) * 16 + 16 * 16), model.Layers[0].CountParams());
        Assert.Equal(0, model.Layers[1].CountParams());
        Assert.Equal(4 * ((16 + 1) * 16 + 16 * 16), model.Layers[2].CountParams());
        Assert.Equal(17, model.Layers[3].CountParams());
        Assert.Equal([7, 5, 1], model.Predict(Tensor.Zeros(7, 5, 1)).Shape);
    }

    [Fact]
    public void Learns_to_reproduce_short_ramps_as_an_autoencoder()
    {
        const int timesteps = 4;
        var x = Models.TestData.Ramps(timesteps);
        var model = Build(timesteps);
        model.Compile(new Adam(0.01f), new Mse());
        float before = model.Evaluate(x, x);

        var history = model.Fit(x, x, epochs: 150, batchSize: 6);

        float after = model.Evaluate(x, x);
        Assert.True(after < before / 20, $"reconstruction mse went from {before} to {after}");
        Assert.True(after < 0.003f, $"reconstruction mse {after}");
        Assert.Equal(150, history.Epochs);
    }
}
