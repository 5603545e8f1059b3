using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LstmActors.Engine.Kernels;

/// <summary>GEMM register tiles on Vector512 with FMA: 4×64 and 4×16, and single rows of each.</summary>
internal static unsafe class Gemm512
{
    // Each tile: C[r, 0..width) (+)= Σp A(r, p)·B[p, 0..width) with A(r, p) = a[r·rsa + p·csa], B rows ldb apart; accumulators stay in registers.

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Wide4(float* a, int rsa, int csa, float* b, int ldb, float* c, int ldc, int k, bool accumulate)
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
    public static void Wide1(float* a, int rsa, int csa, float* b, int ldb, float* c, int ldc, int k, bool accumulate)
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
    public static void Narrow1(float* a, int rsa, int csa, float* b, int ldb, float* c, int ldc, int k, bool accumulate)
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
