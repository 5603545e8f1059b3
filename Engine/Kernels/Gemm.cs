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
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float sum = 0f;
                for (int p = 0; p < k; p++)
                {
                    float av = transposeA ? a[p * lda + i] : a[i * lda + p];
                    float bv = transposeB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += av * bv;
                }
                c[i * ldc + j] = accumulate ? c[i * ldc + j] + sum : sum;
            }
        }
    }
}
