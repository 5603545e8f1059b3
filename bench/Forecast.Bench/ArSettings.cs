namespace LstmActors.Bench.Forecast;

/// <summary>The settings of the online AR and its interval: one set for every series, never tuned per file.</summary>
/// <param name="Forgetting">RLS forgetting factor per tick (0.995: an example's weight halves after about 140 ticks).</param>
/// <param name="Prior">RLS starting inverse covariance, times the identity: large means the first examples move the weights freely.</param>
/// <param name="IntervalWindow">Residuals the interval's quantiles are taken over, the most recent ones.</param>
public sealed record ArSettings(double Forgetting = 0.995, double Prior = 100, int IntervalWindow = 200);
