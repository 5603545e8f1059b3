using System.Runtime.Intrinsics;

namespace LstmActors.Engine.Kernels;

/// <summary>The kernel path in use: the widest the CPU accelerates, unless forced narrower (tests run every path).</summary>
internal static class KernelPaths
{
    private static volatile int s_forced = -1;

    /// <summary>The widest path this CPU accelerates.</summary>
    public static KernelPath Best { get; } =
        Vector512.IsHardwareAccelerated ? KernelPath.Vector512
        : Vector256.IsHardwareAccelerated ? KernelPath.Vector256
        : KernelPath.Scalar;

    /// <summary>The path kernels use now.</summary>
    public static KernelPath Current => s_forced < 0 ? Best : (KernelPath)s_forced;

    /// <summary>Whether this CPU can run the path.</summary>
    public static bool IsSupported(KernelPath path) => path <= Best;

    /// <summary>Forces a path (null returns to the best one).</summary>
    public static void Force(KernelPath? path)
    {
        if (path is { } p && !IsSupported(p))
            throw new PlatformNotSupportedException($"Kernel path {p} is not accelerated on this CPU (best: {Best}).");
        s_forced = path is null ? -1 : (int)path.Value;
    }
}
