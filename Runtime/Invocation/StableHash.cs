namespace LstmActors.Runtime.Invocation;

/// <summary>Process-independent hashes (FNV-1a) for interface ids and placement; string.GetHashCode is randomized per process.</summary>
internal static class StableHash
{
    public static ulong Hash64(string text)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in text)
        {
            hash = (hash ^ (byte)c) * 1099511628211UL;
            hash = (hash ^ (byte)(c >> 8)) * 1099511628211UL;
        }
        return Mix(hash);
    }

    public static int Hash32(string text) => (int)Hash64(text);

    /// <summary>Final avalanche step (SplitMix64) so that nearby inputs spread over the whole range.</summary>
    public static ulong Mix(ulong x)
    {
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
