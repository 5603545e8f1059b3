namespace LstmActors.Engine.Onnx.Tests;

/// <summary>Relative agreement of two float arrays: the largest difference over the largest reference magnitude.</summary>
internal static class Agreement
{
    /// <summary>max |actual − expected| / max |expected| (the absolute difference when the reference is all zeros).</summary>
    public static double RelativeError(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double diff = 0, scale = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            diff = Math.Max(diff, Math.Abs((double)actual[i] - expected[i]));
            scale = Math.Max(scale, Math.Abs((double)expected[i]));
        }
        return scale == 0 ? diff : diff / scale;
    }

    /// <summary>Asserts the arrays agree to <paramref name="tolerance"/> relative, naming <paramref name="what"/>.</summary>
    public static void Equal(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what, double tolerance = 1e-5)
    {
        double error = RelativeError(expected, actual);
        Assert.True(error <= tolerance, $"{what}: relative error {error:E2} exceeds {tolerance:E0}.");
    }
}
