using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LstmActors.Engine.Kernels;

/// <summary>GEMM on Vector512: register tiles of 4×64 (then 4×16, then single rows) with FMA, K blocked to stay in cache.</summary>
internal static unsafe class Gemm512
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
            for (; j + 64 <= n; j += 64)
            {
                int i = 0;
                for (; i + 4 <= m; i += 4) Wide4(ap + (long)i * rsa, rsa, csa, bp + j, ldb, c + (long)i * ldc + j, ldc, kb, acc);
                for (; i < m; i++) Wide1(ap + (long)i * rsa, rsa, csa, bp + j, ldb, c + (long)i * ldc + j, ldc, kb, acc);
            }
            for (; j + 16 <= n; j += 16)
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
        Vector512<float> s00 = accumulate ? Vector512.Load(c0 + 0) : Vector512<float>.Zero;
        Vector512<float> s01 = accumulate ? Vector512.Load(c0 + 16) : Vector512<float>.Zero;
        Vector512<float> s02 = accumulate ? Vector512.Load(c0 + 32) : Vector512<float>.Zero;
        Vector512<float> s03 = accumulate ? Vector512.Load(c0 + 48) : Vector512<float>.Zero;
        Vector512<float> s10 = accumulate ? Vector512.Load(c1 + 0) : Vector512<float>.Zero;
        Vector512<float> s11 = accumulate ? Vector512.Load(c1 + 16) : Vector512<float>.Zero;
        Vector512<float> s12 = accumulate ? Vector512.Load(c1 + 32) : Vector512<float>.Zero;
        Vector512<float> s13 = accumulate ? Vector512.Load(c1 + 48) : Vector512<float>.Zero;
        Vector512<float> s20 = accumulate ? Vector512.Load(c2 + 0) : Vector512<float>.Zero;
        Vector512<float> s21 = accumulate ? Vector512.Load(c2 + 16) : Vector512<float>.Zero;
        Vector512<float> s22 = accumulate ? Vector512.Load(c2 + 32) : Vector512<float>.Zero;
        Vector512<float> s23 = accumulate ? Vector512.Load(c2 + 48) : Vector512<float>.Zero;
        Vector512<float> s30 = accumulate ? Vector512.Load(c3 + 0) : Vector512<float>.Zero;
        Vector512<float> s31 = accumulate ? Vector512.Load(c3 + 16) : Vector512<float>.Zero;
        Vector512<float> s32 = accumulate ? Vector512.Load(c3 + 32) : Vector512<float>.Zero;
        Vector512<float> s33 = accumulate ? Vector512.Load(c3 + 48) : Vector512<float>.Zero;
        for (int p = 0; p < k; p++)
        {
            Vector512<float> b0 = Vector512.Load(b + 0);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> b2 = Vector512.Load(b + 32);
            Vector512<float> b3 = Vector512.Load(b + 48);
            Vector512<float> x0 = Vector512.Create(*a0);
            s00 = Vector512.FusedMultiplyAdd(x0, b0, s00);
            s01 = Vector512.FusedMultiplyAdd(x0, b1, s01);
            s02 = Vector512.FusedMultiplyAdd(x0, b2, s02);
            s03 = Vector512.FusedMultiplyAdd(x0, b3, s03);
            Vector512<float> x1 = Vector512.Create(*a1);
            s10 = Vector512.FusedMultiplyAdd(x1, b0, s10);
            s11 = Vector512.FusedMultiplyAdd(x1, b1, s11);
            s12 = Vector512.FusedMultiplyAdd(x1, b2, s12);
            s13 = Vector512.FusedMultiplyAdd(x1, b3, s13);
            Vector512<float> x2 = Vector512.Create(*a2);
            s20 = Vector512.FusedMultiplyAdd(x2, b0, s20);
            s21 = Vector512.FusedMultiplyAdd(x2, b1, s21);
            s22 = Vector512.FusedMultiplyAdd(x2, b2, s22);
            s23 = Vector512.FusedMultiplyAdd(x2, b3, s23);
            Vector512<float> x3 = Vector512.Create(*a3);
            s30 = Vector512.FusedMultiplyAdd(x3, b0, s30);
            s31 = Vector512.FusedMultiplyAdd(x3, b1, s31);
            s32 = Vector512.FusedMultiplyAdd(x3, b2, s32);
            s33 = Vector512.FusedMultiplyAdd(x3, b3, s33);
            a0 += csa;
            a1 += csa;
            a2 += csa;
            a3 += csa;
            b += ldb;
        }
        s00.Store(c0 + 0);
        s01.Store(c0 + 16);
        s02.Store(c0 + 32);
        s03.Store(c0 + 48);
        s10.Store(c1 + 0);
        s11.Store(c1 + 16);
        s12.Store(c1 + 32);
        s13.Store(c1 + 48);
        s20.Store(c2 + 0);
        s21.Store(c2 + 16);
        s22.Store(c2 + 32);
        s23.Store(c2 + 48);
        s30.Store(c3 + 0);
        s31.Store(c3 + 16);
        s32.Store(c3 + 32);
        s33.Store(c3 + 48);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Wide1(float* a, int rsa, int csa, float* b, int ldb, float* c, int ldc, int k, bool accumulate)
    {
        float* a0 = a;
        float* c0 = c;
        Vector512<float> s00 = accumulate ? Vector512.Load(c0 + 0) : Vector512<float>.Zero;
        Vector512<float> s01 = accumulate ? Vector512.Load(c0 + 16) : Vector512<float>.Zero;
        Vector512<float> s02 = accumulate ? Vector512.Load(c0 + 32) : Vector512<float>.Zero;
        Vector512<float> s03 = accumulate ? Vector512.Load(c0 + 48) : Vector512<float>.Zero;
        for (int p = 0; p < k; p++)
        {
            Vector512<float> b0 = Vector512.Load(b + 0);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> b2 = Vector512.Load(b + 32);
            Vector512<float> b3 = Vector512.Load(b + 48);
            Vector512<float> x0 = Vector512.Create(*a0);
            s00 = Vector512.FusedMultiplyAdd(x0, b0, s00);
            s01 = Vector512.FusedMultiplyAdd(x0, b1, s01);
            s02 = Vector512.FusedMultiplyAdd(x0, b2, s02);
            s03 = Vector512.FusedMultiplyAdd(x0, b3, s03);
            a0 += csa;
            b += ldb;
        }
        s00.Store(c0 + 0);
        s01.Store(c0 + 16);
        s02.Store(c0 + 32);
        s03.Store(c0 + 48);
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
        Vector512<float> s00 = accumulate ? Vector512.Load(c0 + 0) : Vector512<float>.Zero;
        Vector512<float> s10 = accumulate ? Vector512.Load(c1 + 0) : Vector512<float>.Zero;
        Vector512<float> s20 = accumulate ? Vector512.Load(c2 + 0) : Vector512<float>.Zero;
        Vector512<float> s30 = accumulate ? Vector512.Load(c3 + 0) : Vector512<float>.Zero;
        for (int p = 0; p < k; p++)
        {
            Vector512<float> b0 = Vector512.Load(b + 0);
            Vector512<float> x0 = Vector512.Create(*a0);
            s00 = Vector512.FusedMultiplyAdd(x0, b0, s00);
            Vector512<float> x1 = Vector512.Create(*a1);
            s10 = Vector512.FusedMultiplyAdd(x1, b0, s10);
            Vector512<float> x2 = Vector512.Create(*a2);
            s20 = Vector512.FusedMultiplyAdd(x2, b0, s20);
            Vector512<float> x3 = Vector512.Create(*a3);
            s30 = Vector512.FusedMultiplyAdd(x3, b0, s30);
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
        Vector512<float> s00 = accumulate ? Vector512.Load(c0 + 0) : Vector512<float>.Zero;
        for (int p = 0; p < k; p++)
        {
            Vector512<float> b0 = Vector512.Load(b + 0);
            Vector512<float> x0 = Vector512.Create(*a0);
            s00 = Vector512.FusedMultiplyAdd(x0, b0, s00);
            a0 += csa;
            b += ldb;
        }
        s00.Store(c0 + 0);
    }
}
