using System.Numerics.Tensors;

namespace LstmActors.Engine.Kernels;

/// <summary>C (+)= A·Bᵀ with B stored n×k row-major: each element is a dot product of two rows (used for narrow outputs).</summary>
internal static class RowDots
{
    public static void Multiply(ReadOnlySpan<float> a, int rowStrideA, int colStrideA, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, int m, int n, int k, bool accumulate)
    {
        for (int i = 0; i < m; i++)
        {
            Span<float> ci = c.Slice(i * ldc, n);
            for (int j = 0; j < n; j++)
            {
                ReadOnlySpan<float> bj = b.Slice(j * ldb, k);
                float sum;
                if (colStrideA == 1 && KernelPaths.Current != KernelPath.Scalar)
                    sum = TensorPrimitives.Dot(a.Slice(i * rowStrideA, k), bj);
                else
                {
                    sum = 0f;
                    for (int p = 0; p < k; p++) sum += a[i * rowStrideA + p * colStrideA] * bj[p];
                }
                ci[j] = accumulate ? ci[j] + sum : sum;
            }
        }
    }
}
