namespace LstmActors.Client.Streaming;

/// <summary>
/// Takes results that complete in any order and hands them on in input order (row 0, 1, 2, ...), so an output file has
/// one row per input row, in the input's order, whichever series answered first.
/// </summary>
internal sealed class OrderedRowSink<T>(Action<T> write)
{
    private readonly Dictionary<long, T> _waiting = [];
    private readonly Lock _lock = new();
    private long _next;

    /// <summary>Records the result of row <paramref name="index"/>; returns how many rows this made writable (and wrote).</summary>
    public int Complete(long index, T result)
    {
        lock (_lock)
        {
            if (index != _next)
            {
                _waiting.Add(index, result);
                return 0;
            }
            write(result);
            _next++;
            var written = 1;
            while (_waiting.Remove(_next, out var next))
            {
                write(next);
                _next++;
                written++;
            }
            return written;
        }
    }
}
