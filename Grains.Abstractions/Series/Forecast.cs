namespace LstmActors.Grains.Series;

/// <summary>A multi-step forecast from the series' latest tick, its own predictions fed back in (one-to-many).</summary>
/// <param name="SeriesId">The series.</param>
/// <param name="FromSequence">The latest tick; row h predicts tick FromSequence + h + 1.</param>
/// <param name="ModelVersion">Weights version used.</param>
/// <param name="Horizon">Steps ahead.</param>
/// <param name="Values">Forecasts, (Horizon, predicted features), in original units.</param>
/// <param name="Lower">Lower ends of the forecasts' 80% intervals, shaped as <paramref name="Values"/>: the one-step interval widened by √h at step h.</param>
/// <param name="Upper">Upper ends of the 80% intervals.</param>
[GenerateSerializer, Immutable, Alias("lstmactors.Forecast")]
public sealed record Forecast(string SeriesId, long FromSequence, int ModelVersion, int Horizon, float[] Values, float[]? Lower = null, float[]? Upper = null);
