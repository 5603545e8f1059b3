using LstmActors.Engine.Layers;
using LstmActors.Engine.Losses;
using LstmActors.Engine.Models;
using LstmActors.Engine.Optimizers;
using LstmActors.Engine.Tensors;
using static LstmActors.Engine.Tests.Models.TestData;

namespace LstmActors.Engine.Tests.Functional;

/// <summary>Models called as layers: seed 003's LSTM autoencoder written as encoder and decoder models, as its answer does.</summary>
public sealed class NestedModelTests
{
    private const int Steps = 4;

    /// <summary>The seed's encoder = Model(inputs, LSTM(…)(inputs)), decoder = Model(latent, …), autoencoder = Model(inputs, decoder(encoder(inputs))).</summary>
    private static (Model Autoencoder, Model Encoder, Model Decoder) Autoencoder()
    {
        var inputs = new Input(Steps, 1);
        var encoder = new Model(inputs, new Lstm(16).Call(inputs));
        var latent = new Input(16);
        var repeated = new RepeatVector(Steps).Call(latent);
        var decoded = new TimeDistributed(new Dense(1)).Call(new Lstm(16, returnSequences: true).Call(repeated));
        var decoder = new Model(latent, decoded);
        var autoencoder = new Model(inputs, decoder.Call(encoder.Call(inputs)), seed: 3);
        return (autoencoder, encoder, decoder);
    }

    [Fact]
    public void The_autoencoder_of_two_models_learns_to_reconstruct()
    {
        var (autoencoder, _, _) = Autoencoder();
        var x = Ramps(Steps);
        autoencoder.Compile(new Adam(0.01f), new Mse());
        float before = autoencoder.Evaluate(x, x);

        autoencoder.Fit(x, x, epochs: 150, batchSize: 6);

        float after = autoencoder.Evaluate(x, x);
        Assert.True(after < before / 20, $"reconstruction mse went from {before} to {after}");
        Assert.True(after < 0.003f, $"reconstruction mse {after}");
    }

    [Fact]
    public void The_autoencoder_shares_its_weights_with_the_encoder_and_the_decoder()
    {
        var (autoencoder, encoder, decoder) = Autoencoder();
        var x = Ramps(Steps);
        autoencoder.Compile(new Adam(0.01f), new Mse());
        var encodedBefore = encoder.Predict(x);

        autoencoder.Fit(x, x, epochs: 3, batchSize: 6);

        Assert.Equal(encoder.CountParams() + decoder.CountParams(), autoencoder.CountParams());
        Assert.Equal([.. encoder.GetWeights(), .. decoder.GetWeights()], autoencoder.GetWeights());
        Assert.NotEqual(encodedBefore.ToArray(), encoder.Predict(x).ToArray());
        Assert.Equal(decoder.Predict(encoder.Predict(x)).ToArray(), autoencoder.Predict(x).ToArray());
        Assert.Equal(["model", "model_1"], autoencoder.Layers.Select(l => l.Name));
    }

    [Fact]
    public void Gradients_through_nested_models_match_finite_differences()
    {
        var (autoencoder, _, _) = Autoencoder();
        autoencoder.Compile(new Sgd(0.01f), new Mse());
        autoencoder.SetWeights(Uniform(4, autoencoder.CountParams()).ToArray());
        var x = Uniform(1, 2, Steps, 1);

        var gradients = autoencoder.ComputeGradients(x, x);

        AssertMatchesFiniteDifferences(autoencoder, gradients.Values, () => autoencoder.Evaluate(x, x));
    }

    [Fact]
    public void A_model_called_twice_is_shared_like_a_layer()
    {
        var sequence = new Input(3, 2);
        var encoder = new Model(sequence, new Gru(4).Call(sequence), name: "encoder");
        var left = new Input(3, 2);
        var right = new Input(3, 2);
        var distance = new Dense(1).Call(new Concatenate().Call([encoder.Call(left), encoder.Call(right)]));
        var model = new Model([left, right], distance, seed: 2);
        model.Compile(new Sgd(0.01f), new Mse());
        model.SetWeights(Uniform(5, model.CountParams()).ToArray());
        Tensor[] x = [Uniform(1, 3, 3, 2), Uniform(2, 3, 3, 2)];
        Tensor[] y = [Uniform(3, 3, 1)];

        var gradients = model.ComputeGradients(x, y);

        Assert.Equal(encoder.CountParams() + 9, model.CountParams());
        AssertMatchesFiniteDifferences(model, gradients.Values, () => model.Evaluate(x, y));
    }

    [Fact]
    public void Models_made_from_one_graph_share_its_layers()
    {
        // Keras' other way: one graph, then an autoencoder and an encoder model over parts of it.
        var inputs = new Input(Steps, 1);
        var encoded = new Lstm(8).Call(inputs);
        var decoded = new TimeDistributed(new Dense(1)).Call(new Lstm(8, returnSequences: true).Call(new RepeatVector(Steps).Call(encoded)));
        var autoencoder = new Model(inputs, decoded, seed: 1);
        var encoder = new Model(inputs, encoded);
        autoencoder.Compile(new Adam(0.01f), new Mse());
        var x = Ramps(Steps);
        var before = encoder.Predict(x);

        autoencoder.Fit(x, x, epochs: 2, batchSize: 6);

        Assert.Equal(encoder.GetWeights(), autoencoder.GetWeights()[..encoder.CountParams()]);
        Assert.NotEqual(before.ToArray(), encoder.Predict(x).ToArray());
    }
}
