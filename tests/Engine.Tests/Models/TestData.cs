using LstmActors.Engine.Initializers;
using LstmActors.Engine.Models;
using LstmActors.Engine.Tensors;

namespace LstmActors.Engine.Tests.Models;

/// <summary>Deterministic random tensors for model tests.</summary>
internal static class TestData
{
    public static Tensor Uniform(int seed, params int[] shape)
    {
        var random = new SeededRandom(seed);
        var data = new float[shape.Aggregate(1, (a, b) => a * b)];
        for (int i = 0; i < data.Length; i++) data[i] = random.NextUniform(-1f, 1f);
        return Tensor.From(data, shape);
    }

    /// <summary>Seed 003's autoencoder data: ramps starting anywhere in [-0.5, 0.5] with slope ±0.1, (18, timesteps, 1); two numbers describe each.</summary>
    public static Tensor Ramps(int timesteps)
    {
        var rows = new List<float>();
        int samples = 0;
        for (float start = -0.5f; start <= 0.5f; start += 0.125f)
        {
            foreach (float slope in new[] { -0.1f, 0.1f })
            {
                for (int t = 0; t < timesteps; t++) rows.Add(start + slope * t);
                samples++;
            }
        }
        return Tensor.From(rows.ToArray(), samples, timesteps, 1);
    }

    /// <summary>Timesteps start..start+count of every series of a (batch, timesteps, features) tensor.</summary>
    public static Tensor Steps(Tensor x, int start, int count)
    {
        int batch = x.Shape[0], timesteps = x.Shape[1], features = x.Shape[2];
        var data = new float[batch * count * features];
        for (int b = 0; b < batch; b++)
            x.Span.Slice((b * timesteps + start) * features, count * features).CopyTo(data.AsSpan(b * count * features));
        return Tensor.From(data, batch, count, features);
    }

    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= tolerance, $"index {i}: expected {expected[i]}, got {actual[i]}");
    }

    /// <summary>Asserts every weight's backprop gradient agrees with the central finite difference of <paramref name="loss"/>.</summary>
    public static void AssertMatchesFiniteDifferences(Model model, float[] analytic, Func<float> loss, float step = 4e-3f)
    {
        var weights = model.GetWeights();
        Assert.Equal(weights.Length, analytic.Length);
        for (int i = 0; i < weights.Length; i++)
        {
            var shifted = (float[])weights.Clone();
            shifted[i] = weights[i] + step;
            model.SetWeights(shifted);
            float up = loss();
            shifted[i] = weights[i] - step;
            model.SetWeights(shifted);
            float down = loss();
            float numeric = (up - down) / (2 * step);
            Assert.True(MathF.Abs(numeric - analytic[i]) <= 4e-4f + 2e-2f * MathF.Abs(numeric),
                $"weight {i}: backprop {analytic[i]}, finite difference {numeric}");
        }
        model.SetWeights(weights);
    }

    /// <summary>Σ|v|, the sum a Keras l1 regularizer scales.</summary>
    public static double SumAbs(ReadOnlySpan<float> v)
    {
        double s = 0;
        foreach (float x in v) s += Math.Abs(x);
        return s;
    }

    /// <summary>Σv², the sum a Keras l2 regularizer scales.</summary>
    public static double SumSquares(ReadOnlySpan<float> v)
    {
        double s = 0;
        foreach (float x in v) s += (double)x * x;
        return s;
    }

    /// <summary>The model saved to a stream and loaded back.</summary>
    public static Sequential RoundTrip(Sequential model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        return Sequential.Load(stream);
    }
}
