namespace LstmActors.Runtime.Silos;

/// <summary>Incarnation numbers: increasing across restarts (time based) and unique within the process.</summary>
internal static class SiloGeneration
{
    private static long s_last;

    public static long Next()
    {
        long now = DateTime.UtcNow.Ticks;
        while (true)
        {
            long last = Volatile.Read(ref s_last);
            long next = Math.Max(now, last + 1);
            if (Interlocked.CompareExchange(ref s_last, next, last) == last) return next;
        }
    }
}
