using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LstmActors.Engine.Kernels;

/// <summary>GEMM on Vector256: register tiles of 4×16 (then 4×8, then single rows) with FMA, K blocked to stay in cache.</summary>
internal static unsafe class Gemm256
{
    private const int KBlock = 256;

    /// <summary>C (+)= A·B with A(i, p) = a[i·rsa + p·csa] and B row-major k×n with row stride ldb.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(float* a, int rsa, int csa, float* b, int ldb, float* c, int ldc, int m, int n, int k, bool accumulate)
    {
        for (int p0 = 0; p0 < k; p0 += KBlock)
        {
            int kb = Math.Min(KBlock, k - p0);
            bool acc = accumulate || p0 > 0;
            float* ap = a + (long)p0 * csa;
            float* bp = b + (long)p0 * ldb;
            int j = 0;
            for (; j + 16 <= n; j += 16)
            {
                int i = 0;
                for (; i + 4 <= m; i += 4) Wide4(ap + (long)i * rsa, rsa, csa, bp + j, ldb, c + (long)i * ldc + j, ldc, kb, acc);
                for (; i < m; i++) Wide1(ap + (long)i * rsa, rsa, csa, bp + j, ldb, c + (long)i * ldc + j, ldc, kb, acc);
            }
            for (; j + 8 <= n; j += 8)
            {
                int i = 0;
                for (; i + 4 <= m; i += 4) Narrow4(ap + (long)i * rsa, rsa, csa, bp + j, ldb, c + (long)i * ldc + j, ldc, kb, acc);
                for (; i < m; i++) Narrow1(ap + (long)i * rsa, rsa, csa, bp + j, ldb, c + (long)i * ldc + j, ldc, kb, acc);
            }
            if (j < n) Gemm.Scalar(ap, rsa, csa, bp, ldb, c, ldc, m, j, n, kb, acc);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Wide4(float* a, int rsa, int csa, float* b, int ldb, float* c, int ldc, int k, bool accumulate)
    {
        float* a0 = a;
        float* c0 = c;
        float* a1 = a + (long)1 * rsa;
        float* c1 = c + (long)1 * ldc;
        float* a2 = a + (long)2 * rsa;
        float* c2 = c + (long)2 * ldc;
        float* a3 = a + (long)3 * rsa;
        float* c3 = c + (long)3 * ldc;
        Vector256<float> s00 = accumulate ? Vector256.Load(c0 + 0) : Vector256<float>.Zero;
        Vector256<float> s01 = accumulate ? Vector256.Load(c0 + 8) : Vector256<float>.Zero;
        Vector256<float> s10 = accumulate ? Vector256.Load(c1 + 0) : Vector256<float>.Zero;
        Vector256<float> s11 = accumulate ? Vector256.Load(c1 + 8) : Vector256<float>.Zero;
        Vector256<float> s20 = accumulate ? Vector256.Load(c2 + 0) : Vector256<float>.Zero;
        Vector256<float> s21 = accumulate ? Vector256.Load(c2 + 8) : Vector256<float>.Zero;
        Vector256<float> s30 = accumulate ? Vector256.Load(c3 + 0) : Vector256<float>.Zero;
        Vector256<float> s31 = accumulate ? Vector256.Load(c3 + 8) : Vector256<float>.Zero;
        for (int p = 0; p < k; p++)
        {
            Vector256<float> b0 = Vector256.Load(b + 0);
            Vector256<float> b1 = Vector256.Load(b + 8);
            Vector256<float> x0 = Vector256.Create(*a0);
            s00 = Vector256.FusedMultiplyAdd(x0, b0, s00);
            s01 = Vector256.FusedMultiplyAdd(x0, b1, s01);
            Vector256<float> x1 = Vector256.Create(*a1);
            s10 = Vector256.FusedMultiplyAdd(x1, b0, s10);
            s11 = Vector256.FusedMultiplyAdd(x1, b1, s11);
            Vector256<float> x2 = Vector256.Create(*a2);
            s20 = Vector256.FusedMultiplyAdd(x2, b0, s20);
            s21 = Vector256.FusedMultiplyAdd(x2, b1, s21);
            Vector256<float> x3 = Vector256.Create(*a3);
            s30 = Vector256.FusedMultiplyAdd(x3, b0, s30);
            s31 = Vector256.FusedMultiplyAdd(x3, b1, s31);
            a0 += csa;
            a1 += csa;
            a2 += csa;
            a3 += csa;
            b += ldb;
        }
        s00.Store(c0 + 0);
        s01.Store(c0 + 8);
        s10.Store(c1 + 0);
        s11.Store(c1 + 8);
        s20.Store(c2 + 0);
        s21.Store(c2 + 8);
        s30.Store(c3 + 0);
        s31.Store(c3 + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Wide1(float* a, int rsa, int csa, float* b, int ldb, float* c, int ldc, int k, bool accumulate)
    {
        float* a0 = a;
        float* c0 = c;
        Vector256<float> s00 = accumulate ? Vector256.Load(c0 + 0) : Vector256<float>.Zero;
        Vector256<float> s01 = accumulate ? Vector256.Load(c0 + 8) : Vector256<float>.Zero;
        for (int p = 0; p < k; p++)
        {
            Vector256<float> b0 = Vector256.Load(b + 0);
            Vector256<float> b1 = Vector256.Load(b + 8);
            Vector256<float> x0 = Vector256.Create(*a0);
            s00 = Vector256.FusedMultiplyAdd(x0, b0, s00);
            s01 = Vector256.FusedMultiplyAdd(x0, b1, s01);
            a0 += csa;
            b += ldb;
        }
        s00.Store(c0 + 0);
        s01.Store(c0 + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Narrow4(float* a, int rsa, int csa, float* b, int ldb, float* c, int ldc, int k, bool accumulate)
    {
        float* a0 = a;
        float* c0 = c;
        float* a1 = a + (long)1 * rsa;
        float* c1 = c + (long)1 * ldc;
        float* a2 = a + (long)2 * rsa;
        float* c2 = c + (long)2 * ldc;
        float* a3 = a + (long)3 * rsa;
        float* c3 = c + (long)3 * ldc;
        Vector256<float> s00 = accumulate ? Vector256.Load(c0 + 0) : Vector256<float>.Zero;
        Vector256<float> s10 = accumulate ? Vector256.Load(c1 + 0) : Vector256<float>.Zero;
        Vector256<float> s20 = accumulate ? Vector256.Load(c2 + 0) : Vector256<float>.Zero;
        Vector256<float> s30 = accumulate ? Vector256.Load(c3 + 0) : Vector256<float>.Zero;
        for (int p = 0; p < k; p++)
        {
            Vector256<float> b0 = Vector256.Load(b + 0);
            Vector256<float> x0 = Vector256.Create(*a0);
            s00 = Vector256.FusedMultiplyAdd(x0, b0, s00);
            Vector256<float> x1 = Vector256.Create(*a1);
            s10 = Vector256.FusedMultiplyAdd(x1, b0, s10);
            Vector256<float> x2 = Vector256.Create(*a2);
            s20 = Vector256.FusedMultiplyAdd(x2, b0, s20);
            Vector256<float> x3 = Vector256.Create(*a3);
            s30 = Vector256.FusedMultiplyAdd(x3, b0, s30);
            a0 += csa;
            a1 += csa;
            a2 += csa;
            a3 += csa;
            b += ldb;
        }
        s00.Store(c0 + 0);
        s10.Store(c1 + 0);
        s20.Store(c2 + 0);
        s30.Store(c3 + 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Narrow1(float* a, int rsa, int csa, float* b, int ldb, float* c, int ldc, int k, bool accumulate)
    {
        float* a0 = a;
        float* c0 = c;
        Vector256<float> s00 = accumulate ? Vector256.Load(c0 + 0) : Vector256<float>.Zero;
        for (int p = 0; p < k; p++)
        {
            Vector256<float> b0 = Vector256.Load(b + 0);
            Vector256<float> x0 = Vector256.Create(*a0);
            s00 = Vector256.FusedMultiplyAdd(x0, b0, s00);
            a0 += csa;
            b += ldb;
        }
        s00.Store(c0 + 0);
    }
}
