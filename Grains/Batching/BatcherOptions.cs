namespace LstmActors.Grains.Batching;

/// <summary>Settings of a silo's step batchers.</summary>
public sealed class BatcherOptions
{
    /// <summary>Most series advanced by one batched engine call.</summary>
    public int MaxBatch { get; set; } = 1024;

    /// <summary>
    /// How long a batch of freshly arrived steps waits for more to join before it runs, unless full. Steps of series
    /// already in flight never wait: they run in the next batch, and newcomers join them there (cellular batching).
    /// Zero by default: the wait is shorter than the OS can sleep, so the batcher yields its core meanwhile, and on a
    /// loaded silo that costs more than the slightly smaller batches it avoids.
    /// </summary>
    public TimeSpan BatchWait { get; set; } = TimeSpan.Zero;

    /// <summary>Threads each LSTM kernel call is split over (1: the batcher's own thread only).</summary>
    public int KernelThreads { get; set; } = 1;
}
