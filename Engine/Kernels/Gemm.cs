using System.Runtime.CompilerServices;

namespace LstmActors.Engine.Kernels;

/// <summary>Row-major float32 matrix product, the one kernel every LSTM gate computation runs through.</summary>
public static class Gemm
{
    /// <summary>
    /// C (+)= op(A)·op(B) with op(A) m×k, op(B) k×n, C m×n; lda/ldb/ldc are the row strides of A, B, C as stored.
    /// </summary>
    public static void Multiply(
        ReadOnlySpan<float> a, int lda, bool transposeA,
        ReadOnlySpan<float> b, int ldb, bool transposeB,
        Span<float> c, int ldc, int m, int n, int k, bool accumulate)
    {
        if (m <= 0 || n <= 0) return;
        CheckExtent(c.Length, m, n, ldc, nameof(c));
        CheckExtent(a.Length, transposeA ? k : m, transposeA ? m : k, lda, nameof(a));
        CheckExtent(b.Length, transposeB ? n : k, transposeB ? k : n, ldb, nameof(b));
        if (k <= 0)
        {
            if (!accumulate)
                for (int i = 0; i < m; i++) c.Slice(i * ldc, n).Clear();
            return;
        }
        if (transposeB)
            RowDots.Multiply(a, transposeA ? 1 : lda, transposeA ? lda : 1, b, ldb, c, ldc, m, n, k, accumulate);
        else
            Compute(a, transposeA ? 1 : lda, transposeA ? lda : 1, b, ldb, c, ldc, m, n, k, accumulate);
    }

    /// <summary>
    /// C (+)= A·B where A(i, p) = a[i·rowStrideA + p·colStrideA] (so a transposed A is just other strides) and B is row-major k×n.
    /// Spans are not bounds-checked element by element: the caller guarantees the extents.
    /// </summary>
    internal static unsafe void Compute(ReadOnlySpan<float> a, int rowStrideA, int colStrideA, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, int m, int n, int k, bool accumulate)
    {
        fixed (float* pa = a, pb = b, pc = c)
            Compute(pa, rowStrideA, colStrideA, pb, ldb, pc, ldc, m, n, k, accumulate);
    }

    /// <summary>The same on pinned memory, dispatched to the current kernel path.</summary>
    internal static unsafe void Compute(float* a, int rowStrideA, int colStrideA, float* b, int ldb,
        float* c, int ldc, int m, int n, int k, bool accumulate)
    {
        switch (KernelPaths.Current)
        {
            case KernelPath.Vector512: Gemm512.Compute(a, rowStrideA, colStrideA, b, ldb, c, ldc, m, n, k, accumulate); break;
            case KernelPath.Vector256: Gemm256.Compute(a, rowStrideA, colStrideA, b, ldb, c, ldc, m, n, k, accumulate); break;
            default: Scalar(a, rowStrideA, colStrideA, b, ldb, c, ldc, m, 0, n, k, accumulate); break;
        }
    }

    /// <summary>Plain loops over columns [j0, j1): the scalar path, and the column tail of the vector paths.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Scalar(float* a, int rsa, int csa, float* b, int ldb, float* c, int ldc,
        int m, int j0, int j1, int k, bool accumulate)
    {
        for (int i = 0; i < m; i++)
        {
            float* ai = a + (long)i * rsa;
            float* ci = c + (long)i * ldc;
            for (int j = j0; j < j1; j++)
            {
                float sum = 0f;
                float* bj = b + j;
                for (int p = 0; p < k; p++) sum += ai[(long)p * csa] * bj[(long)p * ldb];
                ci[j] = accumulate ? ci[j] + sum : sum;
            }
        }
    }

    private static void CheckExtent(int length, int rows, int cols, int stride, string name)
    {
        if (stride < cols)
            throw new ArgumentException($"GEMM {name}: row stride {stride} is less than its {cols} columns.", name);
        long needed = rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * stride + cols;
        if (length < needed)
            throw new ArgumentException($"GEMM {name}: a ({rows}, {cols}) matrix with row stride {stride} needs {needed} floats, got {length}.", name);
    }
}
