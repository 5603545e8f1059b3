namespace LstmActors.Grains.Monitoring;

/// <summary>What one silo's step batcher of one model is serving: its live tick rate and its totals since the silo started.</summary>
/// <param name="Model">The model's name.</param>
/// <param name="TicksPerSecond">Series steps advanced per second over <paramref name="IntervalSeconds"/> (the last few seconds).</param>
/// <param name="Ticks">Series steps advanced since the batcher started.</param>
/// <param name="Batches">Batched engine calls made since the batcher started.</param>
/// <param name="MeanBatchSize">Steps per batched call over the interval; null when no batch ran in it.</param>
/// <param name="IntervalSeconds">The span the rate was measured over (0 until the silo has sampled the batcher twice).</param>
/// <param name="Score">How the silo's series of the model forecast so far; null from silos that do not report it.</param>
[GenerateSerializer, Alias("lstmactors.ModelTicks")]
public sealed record ModelTicks(string Model, double TicksPerSecond, long Ticks, long Batches, double? MeanBatchSize, double IntervalSeconds, ModelScore? Score = null);
