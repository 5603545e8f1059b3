using LstmActors.Engine.Layers;
using LstmActors.Engine.Models;

namespace LstmActors.Engine.Tests.Layers;

/// <summary>Keras initializers: glorot_uniform kernel, orthogonal recurrent kernel, forget-gate bias 1; same seed, same model.</summary>
public sealed class InitializerTests
{
    private static Lstm BuiltLstm(int seed, bool unitForgetBias = true)
    {
        var model = new Sequential(seed);
        model.Add(new Input(7, 3));
        var lstm = new Lstm(5, unitForgetBias: unitForgetBias);
        model.Add(lstm);
        return lstm;
    }

    [Fact]
    public void Kernel_is_glorot_uniform_within_its_limit()
    {
        var kernel = BuiltLstm(1).Weights.Kernel;
        float limit = MathF.Sqrt(6f / (3 + 20));
        Assert.All(kernel, v => Assert.InRange(v, -limit, limit));
        Assert.True(kernel.Max() > 0.6f * limit && kernel.Min() < -0.6f * limit, "values should spread over the range");
    }

    [Fact]
    public void Recurrent_kernel_has_orthonormal_rows()
    {
        var recurrent = BuiltLstm(2).Weights.RecurrentKernel; // (5, 20)
        for (int a = 0; a < 5; a++)
        {
            for (int b = 0; b < 5; b++)
            {
                double dot = 0;
                for (int k = 0; k < 20; k++) dot += recurrent[a * 20 + k] * recurrent[b * 20 + k];
                Assert.Equal(a == b ? 1.0 : 0.0, dot, 5);
            }
        }
    }

    [Fact]
    public void Bias_is_zero_except_the_forget_gate_at_one()
    {
        var bias = BuiltLstm(3).Weights.Bias;
        Assert.Equal(Enumerable.Repeat(0f, 5).Concat(Enumerable.Repeat(1f, 5)).Concat(Enumerable.Repeat(0f, 10)), bias);
        Assert.All(BuiltLstm(3, unitForgetBias: false).Weights.Bias, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void The_same_seed_gives_the_same_model_and_another_seed_does_not()
    {
        static Sequential Build(int seed)
        {
            var model = new Sequential(seed);
            model.Add(new Input(3, 1));
            model.Add(new Lstm(4, returnSequences: true));
            model.Add(new Lstm(4));
            model.Add(new Dense(2));
            return model;
        }
        Assert.Equal(Build(42).GetWeights(), Build(42).GetWeights());
        Assert.NotEqual(Build(42).GetWeights(), Build(43).GetWeights());
    }

    [Fact]
    public void The_same_seed_gives_the_same_training_run_with_shuffling_and_dropout()
    {
        static float[] Train(int seed)
        {
            var model = new Sequential(seed);
            model.Add(new Input(3, 1));
            model.Add(new Lstm(4, dropout: 0.2f, recurrentDropout: 0.2f));
            model.Add(new Dense(1));
            model.Compile("adam", "mse");
            var x = Models.TestData.Uniform(1, 8, 3, 1);
            model.Fit(x, Models.TestData.Uniform(2, 8, 1), epochs: 3, batchSize: 3, shuffle: true);
            return model.GetWeights();
        }
        Assert.Equal(Train(5), Train(5));
    }
}
