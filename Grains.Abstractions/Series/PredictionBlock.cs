namespace LstmActors.Grains.Series;

/// <summary>The answer to a block of ticks: one prediction per newly applied tick, row-major (Count, predicted features).</summary>
/// <param name="SeriesId">The series.</param>
/// <param name="FirstSequence">Sequence number of the first applied tick (row 0).</param>
/// <param name="Count">Ticks applied.</param>
/// <param name="Duplicates">Ticks of the block that had been seen already (acknowledged, not applied).</param>
/// <param name="ModelVersion">Weights version of the last step.</param>
/// <param name="Values">Predictions, (Count, predicted features), in original units; row i predicts tick FirstSequence + i + 1.</param>
/// <param name="Lower">Lower ends of the predictions' 80% intervals, shaped as <paramref name="Values"/>.</param>
/// <param name="Upper">Upper ends of the predictions' 80% intervals.</param>
/// <param name="Anomalies">Per applied tick, whether it fell outside the anomaly interval (99% by default) predicted for it.</param>
[GenerateSerializer, Immutable, Alias("lstmactors.PredictionBlock")]
public sealed record PredictionBlock(string SeriesId, long FirstSequence, int Count, int Duplicates, int ModelVersion, float[] Values, float[]? Lower = null, float[]? Upper = null, bool[]? Anomalies = null);
