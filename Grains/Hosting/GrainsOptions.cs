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

    /// <summary>
    /// Training windows a silo gathers before it contributes a gradient (its batch size), unless windows stop coming:
    /// see <see cref="ContributionDelay"/>. Each contribution is an optimizer step and a new weights version for every
    /// silo, so contributing every few windows spends the stream's CPU on versions instead of ticks.
    /// </summary>
    public int MinWindowsPerContribution { get; set; } = 16;

    /// <summary>
    /// Coverage of the interval outside which an outcome is flagged as an anomaly (0.99: one normal outcome in a hundred
    /// at most, by the interval's construction), between 0.5 and 0.99999.
    /// </summary>
    public float AnomalyLevel { get; set; } = 0.99f;

    /// <summary>How long fewer than <see cref="MinWindowsPerContribution"/> windows wait for more before they are contributed anyway.</summary>
    public TimeSpan ContributionDelay { get; set; } = TimeSpan.FromMilliseconds(200);
}
