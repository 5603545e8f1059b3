using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LstmActors.Engine.Kernels;

/// <summary>GEMM register tiles on Vector256 with FMA (the fallback where AVX-512 is absent): 4×16 and single rows.</summary>
internal static unsafe class Gemm256
{
    // Each tile: C[r, 0..width) (+)= Σp A(r, p)·B[p, 0..width) with A(r, p) = a[r·rsa + p·csa], B rows ldb apart; accumulators stay in registers.

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Narrow4(float* a, int rsa, int csa, float* b, int ldb, float* c, int ldc, int k, bool accumulate)
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
    public static void Narrow1(float* a, int rsa, int csa, float* b, int ldb, float* c, int ldc, int k, bool accumulate)
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
}
