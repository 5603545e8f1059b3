using System.Text.Json;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Losses;
using LstmActors.Engine.Models;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Tests.Losses;

/// <summary>Crossentropy losses agree with PyTorch on Keras' formula (Golden/Losses/crossentropy.json, made by make_crossentropy.py).</summary>
public sealed class CrossentropyTests
{
    private sealed record Case(string Name, bool FromLogits, int[] Shape, float[] Prediction, float[] Ids, double Loss, float[] Grad);

    private static readonly Case[] Cases = LoadCases();

    private static Case[] LoadCases()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Golden", "Losses", "crossentropy.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        static float[] Floats(JsonElement e) => e.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => new Case(
            c.GetProperty("name").GetString()!,
            c.GetProperty("from_logits").GetBoolean(),
            c.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray(),
            Floats(c.GetProperty("prediction")),
            Floats(c.GetProperty("ids")),
            c.GetProperty("loss").GetDouble(),
            Floats(c.GetProperty("grad")))).ToArray();
    }

    public static TheoryData<string> Names => new(Cases.Select(c => c.Name));

    private static void AssertAgrees(Case c, Loss loss, Tensor target)
    {
        var prediction = Tensor.From(c.Prediction, c.Shape);
        var gradient = new float[c.Prediction.Length];

        float value = loss.Gradient(prediction, target, gradient);

        Assert.Equal(c.Loss, value, 1e-5 * Math.Max(1, Math.Abs(c.Loss)));
        Assert.Equal(c.Loss, loss.Compute(prediction, target), 1e-5 * Math.Max(1, Math.Abs(c.Loss)));
        for (int i = 0; i < gradient.Length; i++)
            Assert.True(Math.Abs(gradient[i] - c.Grad[i]) <= 1e-6 + 1e-4 * Math.Abs(c.Grad[i]), $"{c.Name} grad {i}: {gradient[i]}, PyTorch {c.Grad[i]}");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Sparse_categorical_crossentropy_matches_pytorch(string name)
    {
        var c = Cases.Single(k => k.Name == name);
        AssertAgrees(c, new SparseCategoricalCrossentropy(c.FromLogits), Tensor.From(c.Ids, c.Shape[..^1]));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Categorical_crossentropy_with_one_hot_targets_matches_pytorch(string name)
    {
        var c = Cases.Single(k => k.Name == name);
        int classes = c.Shape[^1];
        var oneHot = new float[c.Prediction.Length];
        for (int r = 0; r < c.Ids.Length; r++) oneHot[r * classes + (int)c.Ids[r]] = 1f;
        AssertAgrees(c, new CategoricalCrossentropy(c.FromLogits), Tensor.From(oneHot, c.Shape));
    }

    [Fact]
    public void The_clip_bounds_the_loss_of_a_zero_probability_at_minus_log_epsilon()
    {
        float loss = new SparseCategoricalCrossentropy().Compute(Tensor.FromRows([[1f, 0f]]), Tensor.From([1f], 1));
        Assert.Equal(-Math.Log(1e-7), loss, 3);
    }

    [Fact]
    public void Names_parse_and_class_ids_are_checked()
    {
        Assert.IsType<SparseCategoricalCrossentropy>(Loss.Parse("sparse_categorical_crossentropy"));
        Assert.False(((Crossentropy)Loss.Parse("categorical_crossentropy")).FromLogits);
        var loss = new SparseCategoricalCrossentropy();
        var prediction = Tensor.FromRows([[0.5f, 0.5f]]);
        Assert.Contains("2", Assert.Throws<ArgumentException>(() => loss.Compute(prediction, Tensor.From([2f], 1))).Message);
        Assert.Throws<ArgumentException>(() => loss.Compute(prediction, Tensor.From([0.5f], 1)));
    }

    [Fact]
    public void A_model_takes_class_ids_with_or_without_a_trailing_axis_of_one()
    {
        var model = new Sequential(seed: 1);
        model.Add(new Input(3));
        model.Add(new Dense(4, activation: "softmax"));
        model.Compile("adam", "sparse_categorical_crossentropy");
        var x = Tensor.FromRows([[0.1f, 0.2f, 0.3f], [1f, -1f, 0f]]);

        float flat = model.Evaluate(x, Tensor.From([3f, 0f], 2));
        float column = model.Evaluate(x, Tensor.From([3f, 0f], 2, 1));

        Assert.Equal(flat, column);
        Assert.Throws<ArgumentException>(() => model.Evaluate(x, Tensor.From([3f, 0f, 1f, 1f], 2, 2)));
    }
}
