namespace LstmActors.Engine.Kernels;

/// <summary>
/// A fixed team of background threads that runs one <see cref="IPartitionedWork"/> split into contiguous parts, the caller's
/// thread taking the last part. Events spin briefly before blocking, so short steps hand off quickly; nothing is allocated per run.
/// </summary>
internal sealed class WorkerTeam : IDisposable
{
    private readonly ManualResetEventSlim[] _go;
    private readonly ManualResetEventSlim _done = new(false, 2000);
    private readonly int[] _starts, _ends;
    private IPartitionedWork? _work;
    private Exception? _error;
    private int _pending;
    private volatile bool _disposed;

    /// <summary>A team of <paramref name="threads"/> in all, counting the caller.</summary>
    public WorkerTeam(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "A worker team needs at least one thread.");
        Threads = threads;
        _go = new ManualResetEventSlim[threads - 1];
        _starts = new int[threads];
        _ends = new int[threads];
        for (int i = 0; i < _go.Length; i++)
        {
            _go[i] = new ManualResetEventSlim(false, 2000);
            int index = i;
            new Thread(() => Loop(index)) { IsBackground = true, Name = $"LstmActors kernel worker {index + 1}" }.Start();
        }
        // The first Wait that blocks allocates the event's lock object; do it here, not in the first step that waits.
        _done.Wait(1);
    }

    /// <summary>Threads in the team, counting the caller.</summary>
    public int Threads { get; }

    /// <summary>Runs work over [0, count) in parts whose boundaries are multiples of <paramref name="align"/>; parts smaller than <paramref name="minPart"/> are not split off.</summary>
    public void Run(IPartitionedWork work, int count, int align, int minPart)
    {
        int parts = Math.Min(Threads, Math.Max(1, count / Math.Max(minPart, 1)));
        if (parts <= 1)
        {
            work.Run(0, count);
            return;
        }
        int start = 0;
        for (int p = 0; p < parts; p++)
        {
            int end = p == parts - 1 ? count : Math.Min(count, (int)((long)count * (p + 1) / parts + align - 1) / align * align);
            _starts[p] = start;
            _ends[p] = Math.Max(start, end);
            start = _ends[p];
        }
        _work = work;
        _error = null;
        _pending = parts - 1;
        _done.Reset();
        for (int p = 0; p < parts - 1; p++) _go[p].Set();
        work.Run(_starts[parts - 1], _ends[parts - 1]);
        _done.Wait();
        _work = null;
        if (_error is { } error) throw new AggregateException("A kernel worker thread failed.", error);
    }

    private void Loop(int index)
    {
        while (true)
        {
            _go[index].Wait();
            _go[index].Reset();
            if (_disposed) return;
            try
            {
                if (_starts[index] < _ends[index]) _work!.Run(_starts[index], _ends[index]);
            }
            catch (Exception ex)
            {
                _error = ex;
            }
            if (Interlocked.Decrement(ref _pending) == 0) _done.Set();
        }
    }

    /// <summary>Stops the background threads.</summary>
    public void Dispose()
    {
        _disposed = true;
        foreach (var go in _go) go.Set();
    }
}
