using LstmActors.Engine.Layers;
using LstmActors.Engine.Losses;
using LstmActors.Engine.Models;
using LstmActors.Engine.Optimizers;
using LstmActors.Engine.Serialization;
using LstmActors.Engine.Tensors;
using LstmActors.Engine.Tests.Serialization;
using static LstmActors.Engine.Tests.Models.TestData;

namespace LstmActors.Engine.Tests.Functional;

/// <summary>Functional models, nested ones too, through the model file: the same graph, bitwise outputs, the same training afterwards.</summary>
public sealed class FunctionalModelFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>
    /// Every graph feature at once: two inputs, a nested model called twice, an LSTM whose states start a shared GRU decoder
    /// called twice (on the decoder input and on itself), Concatenate, dropout, two outputs.
    /// </summary>
    private static Model Everything()
    {
        var part = new Input(4, 2);
        var encoder = new Model(part, new Lstm(5, returnSequences: true, dropout: 0.2f).Call(part), name: "encoder", seed: 2);
        var source = new Input(4, 2);
        var target = new Input(3, 2);
        var (_, h, _) = new Lstm(6, returnState: true).Call(encoder.Call(source));
        var decoder = new Gru(6, returnSequences: true);
        var decoded = decoder.Call(target, [h]);
        var again = decoder.Call(new TimeDistributed(new Dense(2)).Call(decoded), [h]);
        var joined = new Concatenate().Call([encoder.Call(source), new RepeatVector(4).Call(h)]);
        var model = new Model([source, target], [new Dense(1).Call(again), new Dense(3, activation: "tanh").Call(joined)], name: "everything", seed: 6);
        model.Compile(new Adam(0.01f), new Huber(0.7f));
        return model;
    }

    private static Model RoundTrip(Model model, bool includeOptimizer = true)
    {
        using var stream = new MemoryStream();
        model.Save(stream, includeOptimizer);
        stream.Position = 0;
        return Model.Load(stream);
    }

    [Fact]
    public void Save_then_load_gives_the_same_graph_and_bitwise_outputs()
    {
        var model = Everything();
        Tensor[] x = [Uniform(1, 6, 4, 2), Uniform(2, 6, 3, 2)];
        Tensor[] y = [Uniform(3, 6, 3, 1), Uniform(4, 6, 4, 3)];
        model.Fit(x, y, epochs: 2, batchSize: 3);
        string path = _folder.File("everything.lstm");

        model.Save(path);
        var loaded = Model.Load(path);

        Assert.IsNotType<Sequential>(loaded);
        Assert.Equal(model.Summary(), loaded.Summary());
        Assert.Equal(model.GetWeights(), loaded.GetWeights());
        var expected = model.Predict(x);
        var actual = loaded.Predict(x);
        for (int o = 0; o < expected.Count; o++) Assert.Equal(expected[o].ToArray(), actual[o].ToArray());
        Assert.Equal(model.Evaluate(x, y), loaded.Evaluate(x, y));
        Assert.IsType<Huber>(loaded.Loss);
        Assert.Equal(model.Optimizer!.Iterations, loaded.Optimizer!.Iterations);
    }

    [Fact]
    public void A_loaded_model_trains_exactly_as_the_saved_one()
    {
        var model = Everything();
        Tensor[] x = [Uniform(1, 6, 4, 2), Uniform(2, 6, 3, 2)];
        Tensor[] y = [Uniform(3, 6, 3, 1), Uniform(4, 6, 4, 3)];
        // Loading restarts the random sources from the saved seeds, so save before they are used.
        var loaded = RoundTrip(model);

        // The calls run in the same order, so each layer draws the same dropout masks and the shuffles agree.
        model.Fit(x, y, epochs: 2, batchSize: 3);
        loaded.Fit(x, y, epochs: 2, batchSize: 3);

        Assert.Equal(model.GetWeights(), loaded.GetWeights());
    }

    [Fact]
    public void The_file_holds_keras_inbound_nodes_and_nested_weights()
    {
        var model = Everything();
        string path = _folder.File("everything.npz");
        model.Save(path);

        var arrays = Npz.Read(path);
        using var zip = System.IO.Compression.ZipFile.OpenRead(path);
        using var reader = new StreamReader(zip.GetEntry("model.json")!.Open());
        string json = reader.ReadToEnd();

        Assert.Contains("encoder/lstm/kernel", arrays.Keys);
        Assert.Contains("gru/recurrent_kernel", arrays.Keys);
        Assert.Contains("\"class_name\": \"Functional\"", json);
        Assert.Contains("\"initial_state\"", json);
        Assert.Contains("\"output_layers\"", json);
    }

    [Fact]
    public void Nested_sequential_models_and_weights_files_round_trip()
    {
        var inner = new Sequential(seed: 4, name: "stack");
        inner.Add(new Input(3, 2));
        inner.Add(new Lstm(4, returnSequences: true));
        inner.Add(new Gru(3));
        var x = new Input(3, 2);
        var model = new Model(x, new Dense(1).Call(inner.Call(x)));
        var data = Uniform(1, 5, 3, 2);

        var loaded = RoundTrip(model);
        string weights = _folder.File("weights.npz");
        model.SaveWeights(weights);
        var fresh = new Model(x, new Dense(1).Call(inner.Call(x)), seed: 99);
        fresh.LoadWeights(weights);

        Assert.IsType<Sequential>(loaded.Layers[0]);
        Assert.Equal(model.Predict(data).ToArray(), loaded.Predict(data).ToArray());
        Assert.Equal(model.Predict(data).ToArray(), fresh.Predict(data).ToArray());
        Assert.Contains("stack/lstm/kernel", Npz.Read(weights).Keys);
    }

    [Fact]
    public void Model_load_reads_a_sequential_file_and_sequential_load_refuses_a_functional_one()
    {
        var sequential = new Sequential(seed: 1);
        sequential.Add(new Input(3, 1));
        sequential.Add(new Lstm(4));
        string sequentialPath = _folder.File("sequential.lstm");
        sequential.Save(sequentialPath);
        string functionalPath = _folder.File("functional.lstm");
        Everything().Save(functionalPath);

        Assert.IsType<Sequential>(Model.Load(sequentialPath));
        var error = Assert.Throws<InvalidDataException>(() => Sequential.Load(functionalPath));
        Assert.Contains("Model.Load", error.Message);
    }

    [Fact]
    public void A_layer_shared_across_a_nested_model_boundary_is_refused_when_saving()
    {
        var x = new Input(3, 2);
        var lstm = new Lstm(4);
        var inner = new Model(x, lstm.Call(x), name: "inner");
        var outer = new Model(x, new Concatenate().Call([inner.Call(x), lstm.Call(x)]));

        var error = Assert.Throws<NotSupportedException>(() => outer.Save(new MemoryStream()));
        Assert.Contains("'lstm'", error.Message);
        Assert.Equal(lstm.CountParams(), outer.CountParams());
    }
}
