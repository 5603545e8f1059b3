namespace LstmActors.Client.Backtest;

/// <summary>One series' (and predicted feature's) online forecast accuracy over the scored part of a replay.</summary>
/// <param name="Series">The series id, with "/feature" when the model predicts several.</param>
/// <param name="Ticks">Ticks scored.</param>
/// <param name="Mae">Mean absolute error of the one-step predictions, in the series' units.</param>
/// <param name="NaiveRatio">MAE ÷ the naive forecast's MAE over the same ticks.</param>
/// <param name="Mase">MAE ÷ the naive forecast's in-sample MAE over the ticks before the scored part (Hyndman's MASE).</param>
/// <param name="SeasonalMase">MAE ÷ the seasonal naive forecast's in-sample MAE (the longest calendar period); null without one or without a full period before the scored part.</param>
/// <param name="Smape">Symmetric mean absolute percentage error, percent.</param>
/// <param name="Coverage80">Share of ticks inside their predicted 80% interval.</param>
/// <param name="Pinball">Mean pinball loss of the interval's ends as the 10% and 90% quantiles, in the series' units.</param>
/// <param name="Anomalies">Scored ticks flagged as anomalies (of the series, whichever feature was outside).</param>
public sealed record SeriesScore(string Series, int Ticks, double Mae, double NaiveRatio, double Mase, double? SeasonalMase, double Smape, double Coverage80, double Pinball,
    int Anomalies);
