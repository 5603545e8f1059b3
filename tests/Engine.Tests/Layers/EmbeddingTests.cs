using LstmActors.Engine.Layers;
using LstmActors.Engine.Losses;
using LstmActors.Engine.Models;
using LstmActors.Engine.Optimizers;
using LstmActors.Engine.Serialization;
using LstmActors.Engine.Tensors;
using LstmActors.Engine.Tests.Serialization;
using static LstmActors.Engine.Tests.Models.TestData;

namespace LstmActors.Engine.Tests.Layers;

/// <summary>Keras Embedding: ids pick rows of the embeddings matrix; trained through softmax and sparse crossentropy with correct gradients.</summary>
public sealed class EmbeddingTests
{
    [Fact]
    public void Ids_pick_rows_and_the_shape_gains_the_output_dim()
    {
        var model = new Sequential(seed: 2);
        model.Add(new Input(3));
        var embedding = new Embedding(5, 2);
        model.Add(embedding);
        var table = embedding.Parameters[0].Value;

        var output = model.Predict(Tensor.FromRows([[4f, 0f, 4f], [1f, 2f, 3f]]));

        Assert.Equal([2, 3, 2], output.Shape);
        Assert.Equal(table.AsSpan(8, 2).ToArray(), output.Span.Slice(0, 2).ToArray());
        Assert.Equal(table.AsSpan(8, 2).ToArray(), output.Span.Slice(4, 2).ToArray());
        Assert.Equal(table.AsSpan(6, 2).ToArray(), output.Span.Slice(10, 2).ToArray());
        Assert.Equal(10, model.CountParams());
        Assert.All(table, v => Assert.InRange(v, -0.05f, 0.05f));
        Assert.Contains("embedding (Embedding)", model.Summary());
    }

    [Fact]
    public void PyTorch_embedding_weights_load_as_stored()
    {
        var model = new Sequential();
        model.Add(new Input(2));
        model.Add(new Embedding(3, 2));
        model.Add(new Lstm(2));
        float[] table = [1, 2, 3, 4, 5, 6];
        using var folder = new TempFolder();
        string path = folder.File("torch.npz");
        Npz.Write(path,
        [
            new NpyArray("embedding.weight", [3, 2], table),
            new NpyArray("rnn.weight_ih_l0", [8, 2], new float[16]),
            new NpyArray("rnn.weight_hh_l0", [8, 2], new float[16]),
            new NpyArray("rnn.bias_ih_l0", [8], new float[8]),
            new NpyArray("rnn.bias_hh_l0", [8], new float[8]),
        ]);

        model.LoadWeights(path);

        Assert.Equal(table, model.Layers[0].Parameters[0].Value);
    }

    [Fact]
    public void An_id_outside_the_vocabulary_is_refused_naming_it()
    {
        var model = new Sequential();
        model.Add(new Input(2));
        model.Add(new Embedding(5, 2));
        var ex = Assert.Throws<ArgumentException>(() => model.Predict(Tensor.FromRows([[1f, 5f]])));
        Assert.Contains("id 5", ex.Message);
    }

    public static TheoryData<bool> SoftmaxPlacements => new() { true, false };

    [Theory]
    [MemberData(nameof(SoftmaxPlacements))]
    public void Gradients_through_embedding_lstm_and_softmax_match_finite_differences(bool softmaxInDense)
    {
        var model = new Sequential(seed: 31);
        model.Add(new Input(4));
        model.Add(new Embedding(6, 3, embeddingsInitializer: new Engine.Initializers.RandomUniform(-0.5f, 0.5f)));
        model.Add(new Lstm(4, returnSequences: true));
        model.Add(new Dense(5, activation: softmaxInDense ? "softmax" : null));
        if (!softmaxInDense) model.Add(new ActivationLayer("softmax"));
        model.Compile(new Sgd(0.1f), new SparseCategoricalCrossentropy());
        var x = Tensor.FromRows([[0f, 5f, 2f, 2f], [3f, 1f, 4f, 0f], [5f, 5f, 1f, 3f]]);
        var y = Tensor.FromRows([[1f, 4f, 0f, 2f], [3f, 3f, 1f, 0f], [2f, 4f, 4f, 1f]]);

        var gradients = model.ComputeGradients(x, y);

        // Id 0 appears, so its row has a gradient; the loss drives every row that is used.
        Assert.Contains(gradients.Values.Take(18), v => v != 0);
        AssertMatchesFiniteDifferences(model, gradients.Values, () => model.Evaluate(x, y), step: 2e-3f);
    }
}
