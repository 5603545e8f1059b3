namespace LstmActors.Grains.Series;

/// <summary>A series' latest ticks as its silo remembers them (in memory: a reactivated series starts anew), for charts.</summary>
/// <param name="SeriesId">The series.</param>
/// <param name="Features">The predicted features, the columns of <paramref name="Actual"/> and <paramref name="Predicted"/>.</param>
/// <param name="Sequences">Sequence number of each tick, oldest first.</param>
/// <param name="Actual">(ticks, features): the tick's actual values, original units.</param>
/// <param name="Predicted">(ticks, features): the prediction made on the tick, for the tick after it, original units.</param>
/// <param name="Lower">(ticks, features): the lower end of that prediction's 80% interval.</param>
/// <param name="Upper">(ticks, features): its upper end.</param>
/// <param name="Anomalies">Per tick, whether it was flagged as an anomaly.</param>
[GenerateSerializer, Immutable, Alias("lstmactors.SeriesHistory")]
public sealed record SeriesHistory(string SeriesId, string[] Features, long[] Sequences, float[] Actual, float[] Predicted,
    float[]? Lower = null, float[]? Upper = null, bool[]? Anomalies = null);
