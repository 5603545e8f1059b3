namespace LstmActors.Engine.Tests.Kernels;

/// <summary>Element-wise closeness of float arrays: |got − expected| ≤ tolerance · max(1, |expected|), reporting the worst element.</summary>
public static class Close
{
    public static void Assert(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance, string what)
    {
        Xunit.Assert.True(expected.Length == actual.Length, $"{what}: expected {expected.Length} values, got {actual.Length}");
        double worst = 0;
        int worstAt = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            Xunit.Assert.False(float.IsNaN(actual[i]), $"{what}: NaN at {i}");
            double err = Math.Abs(actual[i] - (double)expected[i]) / Math.Max(1.0, Math.Abs(expected[i]));
            if (err > worst) { worst = err; worstAt = i; }
        }
        Xunit.Assert.True(worst <= tolerance,
            $"{what}: worst relative error {worst:E2} > {tolerance:E0} at index {worstAt} (expected {expected[worstAt]}, got {actual[worstAt]})");
    }

    public static void Assert(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double tolerance, string what)
    {
        var e = new float[expected.Length];
        for (int i = 0; i < e.Length; i++) e[i] = (float)expected[i];
        Assert(e, actual, tolerance, what);
    }
}
