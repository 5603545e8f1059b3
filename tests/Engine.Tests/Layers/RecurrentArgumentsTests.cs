using System.IO.Compression;
using System.Text.Json.Nodes;
using LstmActors.Engine.Constraints;
using LstmActors.Engine.Initializers;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Losses;
using LstmActors.Engine.Models;
using LstmActors.Engine.Optimizers;
using LstmActors.Engine.Regularizers;
using static LstmActors.Engine.Tests.Models.TestData;

namespace LstmActors.Engine.Tests.Layers;

/// <summary>GRU and SimpleRNN take the Keras recurrent arguments of the shared Rnn base: initializers, regularizers, constraints, unroll, implementation.</summary>
public sealed class RecurrentArgumentsTests
{
    // The biases start non-zero so their penalties count.
    private static Sequential RegularizedModel(bool regularized)
    {
        var model = new Sequential(seed: 31);
        model.Add(new Input(4, 2));
        model.Add(regularized
            ? new Gru(3, returnSequences: true, biasInitializer: new RandomUniform(-0.3f, 0.3f), kernelRegularizer: new L2(0.05f),
                recurrentRegularizer: "l1", biasRegularizer: new L1L2(0.02f, 0.03f), activityRegularizer: new L2(0.1f))
            : new Gru(3, returnSequences: true, biasInitializer: new RandomUniform(-0.3f, 0.3f)));
        model.Add(regularized
            ? new SimpleRnn(2, biasInitializer: "ones", kernelRegularizer: "l2", recurrentRegularizer: new L1(0.04f), biasRegularizer: "l1",
                activityRegularizer: new L1L2(0.01f, 0.2f))
            : new SimpleRnn(2, biasInitializer: "ones"));
        model.Compile(new Sgd(0.1f), new Mse());
        return model;
    }

    [Fact]
    public void A_regularized_gru_and_simple_rnn_add_the_keras_penalties_to_the_loss()
    {
        var regularized = RegularizedModel(regularized: true);
        var plain = RegularizedModel(regularized: false);
        var x = Uniform(1, 5, 4, 2);
        var y = Uniform(2, 5, 2);
        Assert.Equal(plain.GetWeights(), regularized.GetWeights());
        var gru = (Gru)regularized.Layers[0];
        var rnn = (SimpleRnn)regularized.Layers[1];
        var output = regularized.Predict(x).Span;

        double expected = plain.Evaluate(x, y)
            + 0.05 * SumSquares(gru.Weights.Kernel) + 0.01 * SumAbs(gru.Weights.RecurrentKernel)
            + 0.02 * SumAbs(gru.Weights.Bias) + 0.03 * SumSquares(gru.Weights.Bias)
            + 0.1 * SumSquares(gru.Call(x).Span)
            + 0.01 * SumSquares(rnn.Weights.Kernel) + 0.04 * SumAbs(rnn.Weights.RecurrentKernel) + 0.01 * SumAbs(rnn.Weights.Bias)
            + 0.01 * SumAbs(output) + 0.2 * SumSquares(output);

        Assert.Equal(expected, regularized.Evaluate(x, y), 5);
        Assert.Equal(expected, regularized.ComputeGradients(x, y).Loss, 5);
    }

    [Fact]
    public void Gradients_of_a_regularized_gru_and_simple_rnn_match_finite_differences()
    {
        var model = RegularizedModel(regularized: true);
        var x = Uniform(3, 4, 4, 2);
        var y = Uniform(4, 4, 2);

        var gradients = model.ComputeGradients(x, y);

        Assert.NotEqual(RegularizedModel(regularized: false).ComputeGradients(x, y).Values, gradients.Values);
        AssertMatchesFiniteDifferences(model, gradients.Values, () => model.Evaluate(x, y));
    }

    [Fact]
    public void Constrained_simple_rnn_and_gru_satisfy_their_constraints_after_a_step()
    {
        var model = new Sequential(seed: 8);
        model.Add(new Input(4, 2));
        model.Add(new SimpleRnn(3, returnSequences: true, kernelConstraint: new MaxNorm(0.2f), recurrentConstraint: "unit_norm",
            biasConstraint: "non_neg", biasInitializer: new RandomUniform(-0.5f, 0.5f)));
        model.Add(new Gru(2, biasInitializer: new RandomUniform(-0.5f, 0.5f), biasConstraint: "non_neg"));
        model.Compile(new Sgd(0.5f), new Mse());
        var rnn = (SimpleRnn)model.Layers[0];
        var gru = (Gru)model.Layers[1];
        Assert.Contains(rnn.Weights.Bias, b => b < 0);
        Assert.Contains(gru.Weights.Bias, b => b < 0);

        model.TrainOnBatch(Uniform(5, 6, 4, 2), Uniform(6, 6, 2));

        for (int c = 0; c < 3; c++)
        {
            Assert.True(ColumnNorm(rnn.Weights.Kernel, 2, 3, c) <= 0.2 + 1e-5);
            Assert.Equal(1, ColumnNorm(rnn.Weights.RecurrentKernel, 3, 3, c), 4);
        }
        Assert.All(rnn.Weights.Bias, b => Assert.True(b >= 0));
        Assert.All(gru.Weights.Bias, b => Assert.True(b >= 0));
    }

    private static double ColumnNorm(float[] w, int rows, int columns, int column) =>
        Math.Sqrt(Enumerable.Range(0, rows).Sum(r => (double)w[r * columns + column] * w[r * columns + column]));

    [Fact]
    public void The_bias_initializer_fills_a_reset_after_gru_bias_whole_and_keras_defaults_apply()
    {
        var gru = new Gru(2, biasInitializer: "ones");
        gru.Build([4, 3], new SeededRandom(1));
        Assert.Equal([2, 6], gru.Parameters[2].Shape);
        Assert.All(gru.Weights.Bias, b => Assert.Equal(1f, b));

        var defaults = new SimpleRnn(2);
        Assert.Equal(["glorot_uniform", "orthogonal", "zeros"],
            new[] { defaults.KernelInitializer.Name, defaults.RecurrentInitializer.Name, defaults.BiasInitializer.Name });
        Assert.Equal((false, 2), (defaults.Unroll, defaults.Implementation));
    }

    [Fact]
    public void Softmax_a_bad_implementation_and_a_wrapped_activity_regularizer_are_refused()
    {
        Assert.Contains("'softmax'", Assert.Throws<ArgumentException>(() => new Gru(2, activation: "softmax")).Message);
        Assert.Contains("'softmax'", Assert.Throws<ArgumentException>(() => new Gru(2, recurrentActivation: "softmax")).Message);
        Assert.Contains("'softmax'", Assert.Throws<ArgumentException>(() => new SimpleRnn(2, activation: "softmax")).Message);
        Assert.Contains("'softmax'", Assert.Throws<ArgumentException>(() => new Lstm(2, activation: "softmax")).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Gru(2, implementation: 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimpleRnn(2, implementation: 0));
        Assert.Throws<ArgumentException>(() => new Bidirectional(new Gru(2, activityRegularizer: "l2")));
    }

    [Fact]
    public void Gru_simple_rnn_and_bidirectional_arguments_survive_save_and_load()
    {
        var model = new Sequential(seed: 3);
        model.Add(new Input(4, 2));
        model.Add(new Gru(3, returnSequences: true, resetAfter: false, kernelInitializer: "he_normal", recurrentInitializer: new Orthogonal(0.5f),
            biasInitializer: new RandomUniform(-0.1f, 0.1f), kernelRegularizer: new L1L2(0.001f, 0.002f), recurrentRegularizer: "l2",
            biasRegularizer: "l1", activityRegularizer: new L2(0.003f), kernelConstraint: new MaxNorm(1.5f), recurrentConstraint: "unit_norm",
            biasConstraint: "non_neg", unroll: true, implementation: 1));
        model.Add(new Bidirectional(new SimpleRnn(2, kernelRegularizer: new L2(0.02f), recurrentConstraint: new MaxNorm(0.9f), implementation: 1)));
        model.Compile(new Adam(0.01f), new Mse());
        var x = Uniform(1, 3, 4, 2);
        var y = Uniform(2, 3, 4);
        model.TrainOnBatch(x, y);

        var loaded = RoundTrip(model);

        var gru = (Gru)loaded.Layers[0];
        Assert.Equal(["he_normal", "orthogonal", "random_uniform"], new[] { gru.KernelInitializer.Name, gru.RecurrentInitializer.Name, gru.BiasInitializer.Name });
        Assert.Equal(0.5f, ((Orthogonal)gru.RecurrentInitializer).Gain);
        Assert.Equal(0.002f, ((L1L2)gru.KernelRegularizer!).L2Factor);
        Assert.Equal(["l2", "l1"], new[] { gru.RecurrentRegularizer!.Name, gru.BiasRegularizer!.Name });
        Assert.Equal(0.003f, ((L2)gru.ActivityRegularizer!).L2Factor);
        Assert.Equal(1.5f, ((MaxNorm)gru.KernelConstraint!).MaxValue);
        Assert.Equal(["unit_norm", "non_neg"], new[] { gru.RecurrentConstraint!.Name, gru.BiasConstraint!.Name });
        Assert.Equal((true, 1, false), (gru.Unroll, gru.Implementation, gru.ResetAfter));
        var bidirectional = (Bidirectional)loaded.Layers[1];
        foreach (var rnn in new[] { bidirectional.ForwardLayer, bidirectional.BackwardLayer })
        {
            Assert.Equal(0.02f, ((L2)rnn.KernelRegularizer!).L2Factor);
            Assert.Equal(0.9f, ((MaxNorm)rnn.RecurrentConstraint!).MaxValue);
            Assert.Equal(1, rnn.Implementation);
        }
        Assert.Equal(0.02f, ((L2)bidirectional.Parameters[0].Regularizer!).L2Factor);
        Assert.Equal(0.9f, ((MaxNorm)bidirectional.Parameters[4].Constraint!).MaxValue);

        Assert.Equal(model.Evaluate(x, y), loaded.Evaluate(x, y));
        model.TrainOnBatch(x, y);
        loaded.TrainOnBatch(x, y);
        Assert.Equal(model.GetWeights(), loaded.GetWeights());
    }

    [Fact]
    public void A_file_without_the_arguments_loads_gru_and_simple_rnn_with_keras_defaults()
    {
        var model = new Sequential(seed: 4);
        model.Add(new Input(4, 2));
        model.Add(new Gru(3, returnSequences: true));
        model.Add(new SimpleRnn(2));
        var bytes = Saved(model);

        var loaded = Sequential.Load(new MemoryStream(WithoutWeightArguments(bytes)));

        foreach (var rnn in loaded.Layers.Cast<Rnn>())
        {
            Assert.Equal(["glorot_uniform", "orthogonal", "zeros"], new[] { rnn.KernelInitializer.Name, rnn.RecurrentInitializer.Name, rnn.BiasInitializer.Name });
            Assert.Null(rnn.KernelRegularizer);
            Assert.Null(rnn.ActivityRegularizer);
            Assert.Null(rnn.RecurrentConstraint);
            Assert.Equal((false, 2), (rnn.Unroll, rnn.Implementation));
        }
        Assert.Equal(model.GetWeights(), loaded.GetWeights());
    }

    private static byte[] Saved(Sequential model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }

    /// <summary>The file as an engine from before the Keras weight arguments wrote it: the layers' configs lack them.</summary>
    private static byte[] WithoutWeightArguments(byte[] file)
    {
        using var stream = new MemoryStream();
        stream.Write(file);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry("model.json")!;
            JsonNode json;
            using (var reader = new StreamReader(entry.Open())) json = JsonNode.Parse(reader.ReadToEnd())!;
            foreach (var layer in json["layers"]!.AsArray())
            {
                var config = layer!["config"]!.AsObject();
                foreach (var key in config.Select(kv => kv.Key).Where(k => k.EndsWith("_initializer") || k.EndsWith("_regularizer")
                    || k.EndsWith("_constraint") || k is "unroll" or "implementation").ToList())
                    config.Remove(key);
            }
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("model.json").Open());
            writer.Write(json.ToJsonString());
        }
        return stream.ToArray();
    }
}
