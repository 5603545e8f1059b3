namespace LstmActors.Client.Live;

/// <summary>One refresh of the live view: progress, latency and every model's reading.</summary>
/// <param name="Elapsed">Time since the run started.</param>
/// <param name="Ticks">Ticks answered so far.</param>
/// <param name="TotalTicks">Ticks the run will send (0: unbounded).</param>
/// <param name="P50">Median tick-to-prediction latency so far.</param>
/// <param name="P99">99th percentile latency so far.</param>
/// <param name="Models">Per model (kind of series): version, loss, online error against naive.</param>
public sealed record LiveFrame(TimeSpan Elapsed, long Ticks, long TotalTicks, TimeSpan P50, TimeSpan P99, IReadOnlyList<ModelReading> Models);
