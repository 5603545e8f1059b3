namespace LstmActors.Engine.Tests.Recurrent;

/// <summary>Measures what a repeated call allocates once warmed up.</summary>
internal static class Allocations
{
    /// <summary>Bytes this thread allocates over five calls of <paramref name="step"/> after three warm-up calls.</summary>
    public static long InSteadyState(Action step)
    {
        for (int i = 0; i < 3; i++) step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++) step();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
