namespace LstmActors.Grains.Series;

/// <summary>One observation of a series: its sequence number (consecutive per series), time and raw feature values in model order. A value: a block of ticks is one array. Immutable once sent (Orleans passes it within a silo without a copy): do not change its features afterwards.</summary>
/// <param name="Sequence">Position in the series; each tick is the previous one plus 1.</param>
/// <param name="Timestamp">When it was observed.</param>
/// <param name="Features">Raw values, one per model feature, in the model definition's order.</param>
[GenerateSerializer, Immutable, Alias("lstmactors.Tick")]
public readonly record struct Tick(long Sequence, DateTimeOffset Timestamp, float[] Features);
