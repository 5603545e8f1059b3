using System.IO.Compression;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Models;
using LstmActors.Engine.Optimizers;
using LstmActors.Engine.Losses;
using LstmActors.Engine.Tests.Models;

namespace LstmActors.Engine.Tests.Serialization;

/// <summary>Models with GRU, SimpleRNN and Bidirectional layers save and load back identical, and their weights travel as Keras-named .npz.</summary>
public sealed class RecurrentModelFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Sequential Mixed()
    {
        var model = new Sequential(seed: 5, name: "mixed");
        model.Add(new Input(6, 3));
        model.Add(new Gru(7, activation: "relu", returnSequences: true, resetAfter: false, recurrentDropout: 0.2f));
        model.Add(new SimpleRnn(5, returnSequences: true, goBackwards: true, dropout: 0.1f));
        model.Add(new Bidirectional(new Gru(4, recurrentActivation: "hard_sigmoid"), mergeMode: "ave"));
        model.Add(new Dense(2));
        model.Compile(new Adam(0.01f), new Mse());
        return model;
    }

    [Fact]
    public void Save_then_load_gives_identical_layers_weights_and_predictions()
    {
        var model = Mixed();
        var x = TestData.Uniform(1, 4, 6, 3);
        model.Fit(x, TestData.Uniform(2, 4, 2), epochs: 2, batchSize: 2);
        string path = _folder.File("mixed.lstm");

        model.Save(path);
        var loaded = Sequential.Load(path);

        Assert.Equal(model.Summary(), loaded.Summary());
        Assert.Equal(model.GetWeights(), loaded.GetWeights());
        Assert.Equal(model.Predict(x).ToArray(), loaded.Predict(x).ToArray());
        var gru = Assert.IsType<Gru>(loaded.Layers[0]);
        Assert.False(gru.ResetAfter);
        Assert.Equal(0.2f, gru.RecurrentDropout);
        Assert.Equal(Activations.Activation.Relu, gru.Activation);
        var rnn = Assert.IsType<SimpleRnn>(loaded.Layers[1]);
        Assert.True(rnn.GoBackwards);
        Assert.Equal(0.1f, rnn.Dropout);
        var bidirectional = Assert.IsType<Bidirectional>(loaded.Layers[2]);
        Assert.Equal("ave", bidirectional.MergeMode);
        Assert.Equal(Activations.Activation.HardSigmoid, Assert.IsType<Gru>(bidirectional.BackwardLayer).RecurrentActivation);
        Assert.True(bidirectional.BackwardLayer.GoBackwards);
        Assert.Equal(model.Optimizer!.Iterations, loaded.Optimizer!.Iterations);
    }

    [Fact]
    public void The_file_names_each_weight_in_keras_layout()
    {
        var model = Mixed();
        string path = _folder.File("names.lstm");
        model.Save(path, includeOptimizer: false);

        using var zip = ZipFile.OpenRead(path);
        var names = zip.Entries.Select(e => e.FullName).ToHashSet();
        foreach (string name in new[]
                 {
                     "gru/kernel.npy", "gru/recurrent_kernel.npy", "gru/bias.npy",
                     "simple_rnn/kernel.npy", "simple_rnn/bias.npy",
                     "bidirectional/forward_gru/kernel.npy", "bidirectional/backward_gru/recurrent_kernel.npy", "bidirectional/backward_gru/bias.npy",
                 })
            Assert.Contains(name, names);
        Assert.Equal([2, 12], model.Layers[2].Parameters.Single(p => p.Name == "forward_gru/bias").Shape);
    }

    [Fact]
    public void Keras_npz_weights_round_trip_into_a_fresh_model()
    {
        var model = Mixed();
        string path = _folder.File("weights.npz");
        model.SaveWeights(path);
        var fresh = new Sequential(seed: 99);
        fresh.Add(new Input(6, 3));
        fresh.Add(new Gru(7, activation: "relu", returnSequences: true, resetAfter: false));
        fresh.Add(new SimpleRnn(5, returnSequences: true, goBackwards: true));
        fresh.Add(new Bidirectional(new Gru(4, recurrentActivation: "hard_sigmoid"), mergeMode: "ave"));
        fresh.Add(new Dense(2));
        Assert.NotEqual(model.GetWeights(), fresh.GetWeights());

        fresh.LoadWeights(path);

        var x = TestData.Uniform(3, 2, 6, 3);
        Assert.Equal(model.GetWeights(), fresh.GetWeights());
        Assert.Equal(model.Predict(x).ToArray(), fresh.Predict(x).ToArray());
    }
}
