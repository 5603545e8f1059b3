namespace LstmActors.Grains.Series;

/// <summary>Where a series stands. Errors are mean squared errors of the predicted changes in the series' scaled units.</summary>
/// <param name="SeriesId">The series.</param>
/// <param name="Model">Its model, or null before its first tick.</param>
/// <param name="TicksSeen">Ticks applied since the series began (duplicates not counted).</param>
/// <param name="LastSequence">Sequence number of the latest tick (-1 before any).</param>
/// <param name="ModelVersion">Weights version of the latest step.</param>
/// <param name="Error">Mean squared error of the model's one-step predictions over the whole series.</param>
/// <param name="NaiveError">The same for the naive forecast "next value = last value".</param>
/// <param name="RecentError">Exponential moving average (over about 50 ticks) of the model's squared error.</param>
/// <param name="RecentNaiveError">The same for the naive forecast.</param>
/// <param name="LastPrediction">The latest prediction, original units (empty before any).</param>
/// <param name="Silo">Identity of the silo process hosting the series now.</param>
/// <param name="Seasons">The seasonal periods of the series' own autoregression, once known (from the model or its tick spacing); null without one.</param>
/// <param name="IntervalCoverage">Share of outcomes inside their 80% interval so far; null before any.</param>
/// <param name="Anomalies">Ticks flagged as anomalies so far (outside the anomaly interval predicted for them).</param>
[GenerateSerializer, Immutable, Alias("lstmactors.SeriesStatus")]
public sealed record SeriesStatus(
    string SeriesId,
    string? Model,
    long TicksSeen,
    long LastSequence,
    int ModelVersion,
    double Error,
    double NaiveError,
    double RecentError,
    double RecentNaiveError,
    float[] LastPrediction,
    string Silo,
    int[]? Seasons = null,
    double? IntervalCoverage = null,
    long Anomalies = 0);
