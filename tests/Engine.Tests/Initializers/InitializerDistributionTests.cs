using LstmActors.Engine.Initializers;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Models;

namespace LstmActors.Engine.Tests.Initializers;

/// <summary>Each Keras initializer draws from its distribution: limits, mean and variance on a seeded sample of 60 000 values.</summary>
public sealed class InitializerDistributionTests
{
    private const int Rows = 200, Columns = 300;

    // Standard deviation of a unit normal truncated to [−2, 2].
    private const double TruncatedStddev = 0.87962566103423978;

    private static float[] Sample(Initializer initializer, int seed = 5)
    {
        var values = new float[Rows * Columns];
        initializer.Fill(values, [Rows, Columns], new SeededRandom(seed));
        return values;
    }

    /// <summary>Mean within five standard errors of <paramref name="mean"/>, variance within 3 % of <paramref name="variance"/>.</summary>
    private static void AssertMoments(float[] values, double mean, double variance)
    {
        double m = values.Average(v => (double)v);
        double s = values.Average(v => (v - m) * (v - m));
        Assert.True(Math.Abs(m - mean) <= 5 * Math.Sqrt(variance / values.Length), $"mean {m}, expected {mean}");
        Assert.True(Math.Abs(s / variance - 1) <= 0.03, $"variance {s}, expected {variance}");
    }

    /// <summary>All values within ±<paramref name="limit"/> and some within 2 % of it (the bound is the distribution's, not a looser one).</summary>
    private static void AssertBounded(float[] values, double limit)
    {
        Assert.All(values, v => Assert.InRange(Math.Abs(v), 0, limit * (1 + 1e-6)));
        Assert.True(values.Max(v => Math.Abs(v)) > 0.98 * limit, $"largest {values.Max(v => Math.Abs(v))}, limit {limit}");
    }

    [Fact]
    public void Glorot_uniform_is_uniform_within_the_square_root_of_6_over_fan_in_plus_fan_out()
    {
        var values = Sample(new GlorotUniform());
        double limit = Math.Sqrt(6.0 / (Rows + Columns));
        AssertBounded(values, limit);
        AssertMoments(values, 0, limit * limit / 3);
    }

    [Fact]
    public void Glorot_normal_has_variance_2_over_fan_in_plus_fan_out_truncated_at_two_widened_deviations()
    {
        var values = Sample(new GlorotNormal());
        double variance = 2.0 / (Rows + Columns);
        AssertBounded(values, 2 * Math.Sqrt(variance) / TruncatedStddev);
        AssertMoments(values, 0, variance);
    }

    [Fact]
    public void He_uniform_is_uniform_within_the_square_root_of_6_over_fan_in()
    {
        var values = Sample(new HeUniform());
        double limit = Math.Sqrt(6.0 / Rows);
        AssertBounded(values, limit);
        AssertMoments(values, 0, 2.0 / Rows);
    }

    [Fact]
    public void He_normal_has_variance_2_over_fan_in()
    {
        var values = Sample(new HeNormal());
        AssertBounded(values, 2 * Math.Sqrt(2.0 / Rows) / TruncatedStddev);
        AssertMoments(values, 0, 2.0 / Rows);
    }

    [Fact]
    public void Random_normal_is_untruncated_with_mean_and_stddev()
    {
        var values = Sample(new RandomNormal(0.5f, 0.2f));
        AssertMoments(values, 0.5, 0.04);
        // About 4.55 % of a normal lies beyond two deviations; a truncated draw would have none.
        double beyond = values.Count(v => Math.Abs(v - 0.5) > 0.4) / (double)values.Length;
        Assert.InRange(beyond, 0.04, 0.051);
    }

    [Fact]
    public void Random_uniform_defaults_to_plus_minus_005()
    {
        var values = Sample(Initializer.Get("random_uniform"));
        AssertBounded(values, 0.05);
        AssertMoments(values, 0, 0.1 * 0.1 / 12);
    }

    [Fact]
    public void Truncated_normal_stays_within_two_deviations_with_the_truncated_variance()
    {
        var values = Sample(Initializer.Get("truncated_normal"));
        AssertBounded(values, 0.1);
        AssertMoments(values, 0, Math.Pow(0.05 * TruncatedStddev, 2));
    }

    [Fact]
    public void Zeros_and_ones_fill_constants()
    {
        Assert.All(Sample(new Zeros()), v => Assert.Equal(0f, v));
        Assert.All(Sample(new Ones()), v => Assert.Equal(1f, v));
    }

    [Theory]
    [InlineData(6, 24, 1f)]
    [InlineData(24, 6, 1f)]
    [InlineData(5, 5, 2f)]
    public void Orthogonal_gives_orthonormal_rows_or_columns_times_the_gain(int rows, int columns, float gain)
    {
        var w = new float[rows * columns];
        new Orthogonal(gain).Fill(w, [rows, columns], new SeededRandom(9));
        // The shorter side's vectors are orthogonal with norm = gain.
        bool byRows = rows <= columns;
        int count = byRows ? rows : columns, length = byRows ? columns : rows;
        float At(int vector, int k) => byRows ? w[vector * columns + k] : w[k * columns + vector];
        for (int a = 0; a < count; a++)
        {
            for (int b = 0; b < count; b++)
            {
                double dot = 0;
                for (int k = 0; k < length; k++) dot += At(a, k) * At(b, k);
                Assert.Equal(a == b ? gain * gain : 0.0, dot, 4);
            }
        }
    }

    [Fact]
    public void Orthogonal_refuses_a_vector_and_fill_refuses_a_wrong_length()
    {
        Assert.Throws<ArgumentException>(() => new Orthogonal().Fill(new float[4], [4], new SeededRandom(1)));
        var ex = Assert.Throws<ArgumentException>(() => new GlorotUniform().Fill(new float[5], [2, 3], new SeededRandom(1)));
        Assert.Contains("(2, 3)", ex.Message);
    }

    [Fact]
    public void Fans_follow_keras_for_vectors_and_matrices()
    {
        Assert.Equal((7, 7), Initializer.Fans([7]));
        Assert.Equal((3, 8), Initializer.Fans([3, 8]));
    }

    [Fact]
    public void An_unknown_name_is_refused_naming_it()
    {
        var ex = Assert.Throws<ArgumentException>(() => Initializer.Get("lecun_normal"));
        Assert.Contains("'lecun_normal'", ex.Message);
    }

    [Fact]
    public void Lstm_takes_initializers_by_name_and_keeps_the_forget_gate_at_one()
    {
        var model = new Sequential(seed: 4);
        model.Add(new Input(3, 2));
        var lstm = new Lstm(4, kernelInitializer: "zeros", recurrentInitializer: "he_uniform", biasInitializer: "ones");
        model.Add(lstm);
        var plainBias = new Lstm(4, unitForgetBias: false, biasInitializer: new RandomNormal(3f, 0.1f));
        model.Add(new RepeatVector(2));
        model.Add(plainBias);

        Assert.All(lstm.Weights.Kernel, v => Assert.Equal(0f, v));
        Assert.All(lstm.Weights.Bias, v => Assert.Equal(1f, v));
        double limit = Math.Sqrt(6.0 / 4);
        Assert.All(lstm.Weights.RecurrentKernel, v => Assert.InRange(Math.Abs(v), 0, limit));
        Assert.Contains(lstm.Weights.RecurrentKernel, v => Math.Abs(v) > 0.5 * limit);
        Assert.All(plainBias.Weights.Bias, v => Assert.InRange(v, 2.5f, 3.5f));
    }

    [Fact]
    public void Default_initializers_give_the_same_weights_as_naming_keras_defaults()
    {
        static float[] Build(Lstm lstm, Dense dense)
        {
            var model = new Sequential(seed: 8);
            model.Add(new Input(3, 2));
            model.Add(lstm);
            model.Add(dense);
            return model.GetWeights();
        }

        var defaults = Build(new Lstm(4), new Dense(2));
        var named = Build(new Lstm(4, kernelInitializer: "glorot_uniform", recurrentInitializer: "orthogonal", biasInitializer: "zeros"),
            new Dense(2, kernelInitializer: "glorot_uniform", biasInitializer: "zeros"));
        var other = Build(new Lstm(4), new Dense(2, kernelInitializer: "he_normal", biasInitializer: "ones"));

        Assert.Equal(defaults, named);
        Assert.NotEqual(defaults, other);
        Assert.Equal(defaults[..^10], other[..^10]);
    }
}
