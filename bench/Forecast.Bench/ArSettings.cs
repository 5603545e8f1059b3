namespace LstmActors.Bench.Forecast;

/// <summary>The settings of the online AR's interval: one set for every series, never tuned per file (the AR's own are the product's, in Grains).</summary>
/// <param name="IntervalWindow">Residuals the interval's quantiles are taken over, the most recent ones.</param>
public sealed record ArSettings(int IntervalWindow = 200);
