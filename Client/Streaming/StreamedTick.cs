using LstmActors.Grains.Series;

namespace LstmActors.Client.Streaming;

/// <summary>A tick on its way to its series grain: its row number in the stream, the series, its time as written, the tick, and where it came from (for messages).</summary>
internal sealed record StreamedTick(long Row, string Series, string Time, Tick Tick, string Origin);

/// <summary>What a series grain answered to one tick: the prediction of the next value (empty for a duplicate already answered) and the weights version.</summary>
internal readonly record struct TickOutcome(StreamedTick Tick, float[] Prediction, bool Duplicate, int ModelVersion);
