namespace LstmActors.Engine.Kernels;

/// <summary>
/// A k×n right-hand GEMM operand repacked into column panels — 64 wide, then 16 wide with the last one zero-padded —
/// each stored k rows deep and contiguous, so tile kernels stream it without cache-set conflicts. Panel j starts at j·k.
/// </summary>
internal sealed class PackedMatrix
{
    /// <summary>Width of the wide panels (four 16-lane vectors).</summary>
    public const int Wide = 64;

    /// <summary>Width of the narrow panels that follow them.</summary>
    public const int Narrow = 16;

    /// <summary>Rows (the product's inner dimension).</summary>
    public int Rows { get; private set; }

    /// <summary>Columns, before padding.</summary>
    public int Columns { get; private set; }

    /// <summary>The panels.</summary>
    public float[] Data { get; private set; } = [];

    /// <summary>Floats needed for a k×n matrix.</summary>
    public static long Size(int k, int n) => (long)k * PaddedColumns(n);

    /// <summary>Columns rounded up to whole narrow panels.</summary>
    public static int PaddedColumns(int n) => (n + Narrow - 1) / Narrow * Narrow;

    /// <summary>Packs B(p, j) = source[p·rowStride + j·columnStride] for p &lt; k, j &lt; n (a transposed source is just other strides).</summary>
    public void Pack(ReadOnlySpan<float> source, int rowStride, int columnStride, int k, int n)
    {
        if (Data.Length != Size(k, n)) Data = new float[Size(k, n)];
        Rows = k;
        Columns = n;
        unsafe
        {
            fixed (float* s = source, d = Data)
                PackInto(s, rowStride, columnStride, k, n, d);
        }
    }

    /// <summary>Packs into caller-owned memory of at least <see cref="Size"/> floats.</summary>
    public static unsafe void PackInto(float* source, int rowStride, int columnStride, int k, int n, float* destination)
    {
        for (int j = 0; j < n;)
        {
            int width = n - j >= Wide && j % Wide == 0 ? Wide : Narrow;
            float* panel = destination + (long)j * k;
            int valid = Math.Min(width, n - j);
            for (int p = 0; p < k; p++)
            {
                float* dst = panel + (long)p * width;
                float* src = source + (long)p * rowStride + (long)j * columnStride;
                if (columnStride == 1)
                    new ReadOnlySpan<float>(src, valid).CopyTo(new Span<float>(dst, valid));
                else
                    for (int q = 0; q < valid; q++) dst[q] = src[(long)q * columnStride];
                for (int q = valid; q < width; q++) dst[q] = 0f;
            }
            j += width;
        }
    }
}
