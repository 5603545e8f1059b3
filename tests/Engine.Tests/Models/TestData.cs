using LstmActors.Engine.Initializers;
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
}
