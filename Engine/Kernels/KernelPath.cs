namespace LstmActors.Engine.Kernels;

/// <summary>The SIMD width the engine's kernels run on.</summary>
internal enum KernelPath
{
    /// <summary>No SIMD: plain loops, for any CPU.</summary>
    Scalar,
    /// <summary>256-bit vectors (AVX2 + FMA).</summary>
    Vector256,
    /// <summary>512-bit vectors (AVX-512).</summary>
    Vector512,
}
