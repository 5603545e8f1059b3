namespace LstmActors.Bench.Forecast;

/// <summary>
/// How one series was forecast: MAE over its second half of each forecaster divided by the naive forecast's, and the
/// online AR's 80% interval coverage over the same ticks; null where a forecaster or the interval did not apply.
/// </summary>
public sealed record SeriesResult(
    string Series,
    int Values,
    IReadOnlyList<int> Periods,
    double NaiveMae,
    double? SeasonalNaiveRatio,
    double ArRatio,
    double? ArCoverage80,
    double? Floor);
