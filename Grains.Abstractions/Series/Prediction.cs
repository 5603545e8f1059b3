namespace LstmActors.Grains.Series;

/// <summary>The answer to one tick: the predicted next value of each predicted feature, in original units.</summary>
/// <param name="SeriesId">The series.</param>
/// <param name="Sequence">The tick this prediction was made on (it predicts tick Sequence + 1).</param>
/// <param name="ModelVersion">Weights version the step ran with.</param>
/// <param name="Values">One value per predicted feature; for a duplicate of the latest tick its earlier prediction, for an older duplicate empty.</param>
/// <param name="Duplicate">True when the tick had been seen already: acknowledged, not applied again.</param>
/// <param name="Lower">Lower ends of the 80% intervals, one per predicted feature (empty for a duplicate).</param>
/// <param name="Upper">Upper ends of the 80% intervals.</param>
/// <param name="Anomaly">Whether the tick fell outside the anomaly interval (99% by default) predicted for it.</param>
[GenerateSerializer, Immutable, Alias("lstmactors.Prediction")]
public sealed record Prediction(string SeriesId, long Sequence, int ModelVersion, float[] Values, bool Duplicate, float[]? Lower = null, float[]? Upper = null, bool Anomaly = false);
