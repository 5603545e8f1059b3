using LstmActors.Grains.Batching;

namespace LstmActors.Grains.Hosting;

/// <summary>Silo-side settings of the series and model grains.</summary>
public sealed class GrainsOptions
{
    /// <summary>The step batchers' settings.</summary>
    public BatcherOptions Batcher { get; } = new();

    /// <summary>
    /// A series writes its state once at least this many ticks were applied since its last write, before answering the
    /// call that reached the count. 1 (the default) writes on every call, so every acknowledged tick is durable.
    /// </summary>
    public int PersistEveryTicks { get; set; } = 1;

    /// <summary>Most training windows one gradient contribution of a silo sums.</summary>
    public int MaxWindowsPerContribution { get; set; } = 512;
}
