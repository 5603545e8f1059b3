using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LstmActors.Engine.Kernels;

/// <summary>Row-major float32 matrix product, the one kernel every LSTM gate computation runs through.</summary>
public static class Gemm
{
    /// <summary>Inner-dimension block: a packed 64-wide panel block of this depth (64 KB) stays in L2 while every row tile runs over it.</summary>
    private const int KBlock = 128;

    [ThreadStatic] private static float[]? t_packedB;
    [ThreadStatic] private static float[]? t_packedA;

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
            unsafe
            {
                fixed (float* pa = a, pb = b, pc = c)
                    Compute(pa, transposeA ? 1 : lda, transposeA ? lda : 1, pb, ldb, pc, ldc, m, n, k, accumulate);
            }
    }

    /// <summary>
    /// C (+)= A·B where A(i, p) = a[i·rowStrideA + p·colStrideA] (so a transposed A is just other strides) and B is row-major k×n.
    /// Large products repack B (and a transposed A) block by block into per-thread buffers; small ones run on the operands as they are.
    /// The caller guarantees the extents.
    /// </summary>
    internal static unsafe void Compute(float* a, int rowStrideA, int colStrideA, float* b, int ldb,
        float* c, int ldc, int m, int n, int k, bool accumulate)
    {
        KernelPath path = KernelPaths.Current;
        if (path != KernelPath.Vector512 || m < 16 || n < PackedMatrix.Narrow)
        {
            for (int p0 = 0; p0 < k; p0 += KBlock)
            {
                int kb = Math.Min(KBlock, k - p0);
                Panels(path, a + (long)p0 * colStrideA, rowStrideA, colStrideA, null, b + (long)p0 * ldb, ldb, packedDepth: 0, 0, kb, n,
                    c, ldc, m, accumulate || p0 > 0);
            }
            return;
        }
        bool packA = colStrideA != 1;
        float[] bBuffer = Buffer(ref t_packedB, PackedMatrix.Size(KBlock, n));
        float[] aBuffer = packA ? Buffer(ref t_packedA, (long)KBlock * ((m + 3) / 4 * 4)) : bBuffer;
        fixed (float* pb = bBuffer, pa = aBuffer)
        {
            for (int p0 = 0; p0 < k; p0 += KBlock)
            {
                int kb = Math.Min(KBlock, k - p0);
                float* ak = a + (long)p0 * colStrideA;
                PackedMatrix.PackInto(b + (long)p0 * ldb, ldb, 1, kb, n, pb);
                if (packA) PackRowTiles(ak, rowStrideA, colStrideA, m, kb, pa);
                Panels(path, ak, rowStrideA, colStrideA, packA ? pa : null, pb, 0, packedDepth: kb, 0, kb, n, c, ldc, m, accumulate || p0 > 0);
            }
        }
    }

    /// <summary>C (+)= A·B with B packed once, on spans: A(i, p) = a[i·rowStrideA + p·colStrideA], C rows ldc apart.</summary>
    internal static unsafe void Compute(ReadOnlySpan<float> a, int rowStrideA, int colStrideA, PackedMatrix b, Span<float> c, int ldc, int m, bool accumulate)
    {
        CheckExtent(c.Length, m, b.Columns, ldc, nameof(c));
        long needed = (long)(m - 1) * rowStrideA + (long)(b.Rows - 1) * colStrideA + 1;
        if (a.Length < needed)
            throw new ArgumentException($"GEMM a: a ({m}, {b.Rows}) operand with strides ({rowStrideA}, {colStrideA}) needs {needed} floats, got {a.Length}.", nameof(a));
        fixed (float* pa = a, pc = c)
            Compute(pa, rowStrideA, colStrideA, b, pc, ldc, m, accumulate);
    }

    /// <summary>C (+)= A·B with B packed once (weights, packed when they change).</summary>
    internal static unsafe void Compute(float* a, int rowStrideA, int colStrideA, PackedMatrix b, float* c, int ldc, int m, bool accumulate)
    {
        KernelPath path = KernelPaths.Current;
        int k = b.Rows;
        fixed (float* pb = b.Data)
            for (int p0 = 0; p0 < k; p0 += KBlock)
            {
                int kb = Math.Min(KBlock, k - p0);
                Panels(path, a + (long)p0 * colStrideA, rowStrideA, colStrideA, null, pb, 0, packedDepth: k, p0, kb, b.Columns,
                    c, ldc, m, accumulate || p0 > 0);
            }
    }

    /// <summary>
    /// One K block over every column panel. B is either packed (packedDepth &gt; 0: panel j at b + j·packedDepth, rows from p0)
    /// or as stored (row stride ldb, already offset to the block). aTiles, when given, holds A's full 4-row tiles packed.
    /// </summary>
    private static unsafe void Panels(KernelPath path, float* a, int rsa, int csa, float* aTiles, float* b, int ldb, int packedDepth,
        int p0, int kb, int n, float* c, int ldc, int m, bool accumulate)
    {
        bool packed = packedDepth > 0;
        int j = 0;
        for (; j + PackedMatrix.Wide <= n; j += PackedMatrix.Wide)
        {
            float* panel = packed ? b + (long)j * packedDepth + (long)p0 * PackedMatrix.Wide : b + j;
            RowTiles(path, wide: true, a, rsa, csa, aTiles, kb, panel, packed ? PackedMatrix.Wide : ldb, c + j, ldc, m, accumulate);
        }
        for (; j < n; j += PackedMatrix.Narrow)
        {
            int valid = Math.Min(PackedMatrix.Narrow, n - j);
            if (!packed && valid < PackedMatrix.Narrow)
            {
                // Unpacked rows end at n: a full-width tile would read past them.
                Scalar(a, rsa, csa, b, ldb, c, ldc, m, j, n, kb, accumulate);
                return;
            }
            float* panel = packed ? b + (long)j * packedDepth + (long)p0 * PackedMatrix.Narrow : b + j;
            int panelStride = packed ? PackedMatrix.Narrow : ldb;
            if (valid == PackedMatrix.Narrow)
                RowTiles(path, wide: false, a, rsa, csa, aTiles, kb, panel, panelStride, c + j, ldc, m, accumulate);
            else
                PartialPanel(path, a, rsa, csa, kb, panel, panelStride, c + j, ldc, m, accumulate, valid);
        }
    }

    private static unsafe void RowTiles(KernelPath path, bool wide, float* a, int rsa, int csa, float* aTiles, int kb,
        float* b, int ldb, float* c, int ldc, int m, bool accumulate)
    {
        int width = wide ? PackedMatrix.Wide : PackedMatrix.Narrow;
        if (path == KernelPath.Scalar)
        {
            Scalar(a, rsa, csa, b, ldb, c, ldc, m, 0, width, kb, accumulate);
            return;
        }
        int i = 0;
        for (; i + 4 <= m; i += 4)
        {
            if (aTiles != null) Tile4(path, wide, aTiles + (long)i * kb, 1, 4, b, ldb, c + (long)i * ldc, ldc, kb, accumulate);
            else Tile4(path, wide, a + (long)i * rsa, rsa, csa, b, ldb, c + (long)i * ldc, ldc, kb, accumulate);
        }
        if (i == m) return;
        if (aTiles != null)
        {
            // The packed last tile is zero-padded to 4 rows: run it whole into scratch rows and keep the valid ones.
            float* scratch = stackalloc float[4 * PackedMatrix.Wide];
            int rows = m - i;
            for (int r = 0; r < 4; r++)
                for (int q = 0; q < width; q++)
                    scratch[r * width + q] = accumulate && r < rows ? c[(long)(i + r) * ldc + q] : 0f;
            Tile4(path, wide, aTiles + (long)i * kb, 1, 4, b, ldb, scratch, width, kb, accumulate: true);
            for (int r = 0; r < rows; r++)
                for (int q = 0; q < width; q++)
                    c[(long)(i + r) * ldc + q] = scratch[r * width + q];
            return;
        }
        for (; i < m; i++)
        {
            float* at = a + (long)i * rsa;
            float* ct = c + (long)i * ldc;
            if (path == KernelPath.Vector512)
            {
                if (wide) Gemm512.Wide1(at, rsa, csa, b, ldb, ct, ldc, kb, accumulate);
                else Gemm512.Narrow1(at, rsa, csa, b, ldb, ct, ldc, kb, accumulate);
            }
            else
                for (int q = 0; q < width; q += PackedMatrix.Narrow)
                    Gemm256.Narrow1(at, rsa, csa, b + q, ldb, ct + q, ldc, kb, accumulate);
        }
    }

    private static unsafe void Tile4(KernelPath path, bool wide, float* a, int rsa, int csa, float* b, int ldb,
        float* c, int ldc, int kb, bool accumulate)
    {
        if (path == KernelPath.Vector512)
        {
            if (wide) Gemm512.Wide4(a, rsa, csa, b, ldb, c, ldc, kb, accumulate);
            else Gemm512.Narrow4(a, rsa, csa, b, ldb, c, ldc, kb, accumulate);
        }
        else
            for (int q = 0; q < (wide ? PackedMatrix.Wide : PackedMatrix.Narrow); q += PackedMatrix.Narrow)
                Gemm256.Narrow4(a, rsa, csa, b + q, ldb, c + q, ldc, kb, accumulate);
    }

    /// <summary>The last, zero-padded packed panel: full tiles into a scratch C, then only the valid columns copied out.</summary>
    private static unsafe void PartialPanel(KernelPath path, float* a, int rsa, int csa, int kb, float* b, int ldb,
        float* c, int ldc, int m, bool accumulate, int valid)
    {
        if (path == KernelPath.Scalar)
        {
            Scalar(a, rsa, csa, b, ldb, c, ldc, m, 0, valid, kb, accumulate);
            return;
        }
        float* scratch = stackalloc float[PackedMatrix.Narrow];
        for (int i = 0; i < m; i++)
        {
            float* ci = c + (long)i * ldc;
            for (int q = 0; q < PackedMatrix.Narrow; q++) scratch[q] = accumulate && q < valid ? ci[q] : 0f;
            if (path == KernelPath.Vector512) Gemm512.Narrow1(a + (long)i * rsa, rsa, csa, b, ldb, scratch, 0, kb, accumulate: true);
            else Gemm256.Narrow1(a + (long)i * rsa, rsa, csa, b, ldb, scratch, 0, kb, accumulate: true);
            for (int q = 0; q < valid; q++) ci[q] = scratch[q];
        }
    }

    /// <summary>A's 4-row tiles for one K block, each kb deep with its 4 values per step side by side; the last tile zero-padded.</summary>
    private static unsafe void PackRowTiles(float* a, int rsa, int csa, int m, int kb, float* destination)
    {
        int full = m / 4 * 4;
        if (rsa == 1)
        {
            // A transposed: each step's values for all rows are contiguous, so whole 4-row groups move as one vector.
            for (int p = 0; p < kb; p++)
            {
                float* src = a + (long)p * csa;
                for (int i = 0; i < full; i += 4)
                    Vector128.Load(src + i).Store(destination + (long)i * kb + p * 4);
            }
        }
        else
        {
            for (int i = 0; i < full; i += 4)
                for (int p = 0; p < kb; p++)
                    for (int r = 0; r < 4; r++)
                        destination[(long)i * kb + p * 4 + r] = a[(long)(i + r) * rsa + (long)p * csa];
        }
        if (full == m) return;
        float* tile = destination + (long)full * kb;
        for (int p = 0; p < kb; p++)
            for (int r = 0; r < 4; r++)
                tile[p * 4 + r] = full + r < m ? a[(long)(full + r) * rsa + (long)p * csa] : 0f;
    }

    private static float[] Buffer(ref float[]? buffer, long size)
    {
        if (buffer is null || buffer.Length < size) buffer = new float[size];
        return buffer;
    }

    /// <summary>Plain loops over columns [j0, j1): the scalar path, and column tails.</summary>
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
