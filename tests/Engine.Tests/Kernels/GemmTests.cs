using LstmActors.Engine.Kernels;

namespace LstmActors.Engine.Tests.Kernels;

/// <summary>The blocked SIMD GEMM equals a float64 triple loop for shapes that hit every tile, tail and K block, on every path.</summary>
[Collection(KernelPathCollection.Name)]
public sealed class GemmTests
{
    public static TheoryData<string, int, int, int, bool, bool> Cases()
    {
        var data = new TheoryData<string, int, int, int, bool, bool>();
        foreach (string path in KernelPathCollection.AllPaths())
            foreach (var (m, n, k) in new[] { (1, 1, 1), (5, 80, 21), (9, 133, 300), (4, 64, 600), (3, 7, 5), (13, 256, 69), (37, 150, 520), (20, 70, 3) })
            {
                data.Add(path, m, n, k, false, false);
                data.Add(path, m, n, k, true, true);
                data.Add(path, m, n, k, false, true);
            }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Product_matches_float64_reference(string path, int m, int n, int k, bool transposeA, bool accumulate)
    {
        using var _ = KernelPathCollection.Force(path);
        var rng = new Random(m * 1000 + n * 10 + k);
        // Strides wider than the matrices, so stride handling is exercised too.
        int lda = (transposeA ? m : k) + 3, ldb = n + 2, ldc = n + 1;
        float[] a = Random(rng, (transposeA ? k : m) * lda), b = Random(rng, k * ldb), c = Random(rng, m * ldc);
        var expected = (float[])c.Clone();
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = accumulate ? c[i * ldc + j] : 0;
                for (int p = 0; p < k; p++)
                    sum += (double)(transposeA ? a[p * lda + i] : a[i * lda + p]) * b[p * ldb + j];
                expected[i * ldc + j] = (float)sum;
            }
        Gemm.Multiply(a, lda, transposeA, b, ldb, false, c, ldc, m, n, k, accumulate);
        Close.Assert(expected, c, 1e-5 * Math.Sqrt(k), $"{m}x{n}x{k} transposeA={transposeA} accumulate={accumulate}");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Product_with_transposed_b_matches_float64_reference(string path)
    {
        using var _ = KernelPathCollection.Force(path);
        var rng = new Random(3);
        const int m = 6, n = 5, k = 37;
        float[] a = Random(rng, m * k), b = Random(rng, n * k), c = new float[m * n];
        var expected = new float[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++) sum += (double)a[i * k + p] * b[j * k + p];
                expected[i * n + j] = (float)sum;
            }
        Gemm.Multiply(a, k, false, b, k, true, c, n, m, n, k, accumulate: false);
        Close.Assert(expected, c, 1e-5, "A·Bᵀ");
    }

    public static TheoryData<string> Paths => KernelPathCollection.AllPaths();

    [Theory]
    [MemberData(nameof(Paths))]
    public void Product_with_a_prepacked_operand_matches_float64_reference(string path)
    {
        using var _ = KernelPathCollection.Force(path);
        var rng = new Random(4);
        foreach (var (m, n, k) in new[] { (7, 150, 300), (33, 12, 5), (1, 64, 1) })
        {
            float[] a = Random(rng, m * k), b = Random(rng, k * n), c = Random(rng, m * n);
            var expected = new float[m * n];
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double sum = c[i * n + j];
                    for (int p = 0; p < k; p++) sum += (double)a[i * k + p] * b[p * n + j];
                    expected[i * n + j] = (float)sum;
                }
            var packed = new PackedMatrix();
            packed.Pack(b, n, 1, k, n);
            Gemm.Compute(a, k, 1, packed, c, n, m, accumulate: true);
            Close.Assert(expected, c, 1e-5 * Math.Sqrt(k), $"packed {m}x{n}x{k}");
        }
    }

    [Fact]
    public void Too_short_operands_are_refused_naming_the_operand_and_shape()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(new float[5], 3, false, new float[6], 2, false, new float[4], 2, 2, 2, 3, accumulate: false));
        Assert.Equal("a", ex.ParamName);
        Assert.Contains("(2, 3)", ex.Message);
        Assert.Contains("needs 6 floats, got 5", ex.Message);
    }

    private static float[] Random(Random rng, int n)
    {
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }
}
