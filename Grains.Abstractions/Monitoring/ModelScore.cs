namespace LstmActors.Grains.Monitoring;

/// <summary>The online forecasts of a model's series on a silo since it started, summed (add them over silos).</summary>
/// <param name="Scored">Ticks scored (each the outcome of the prediction made on the tick before).</param>
/// <param name="ErrorSum">Sum of the model's squared errors (scaled units, mean over predicted features).</param>
/// <param name="NaiveErrorSum">The same for the naive forecast "next = last".</param>
/// <param name="IntervalOutcomes">Outcomes (per predicted feature) that had an 80% interval.</param>
/// <param name="IntervalHits">Outcomes inside it.</param>
/// <param name="Anomalies">Ticks flagged as anomalies.</param>
/// <param name="SeasonsFound">Per seasonal period, the series that found it in their first changes (series without calendar seasons).</param>
[GenerateSerializer, Alias("lstmactors.ModelScore")]
public sealed record ModelScore(long Scored, double ErrorSum, double NaiveErrorSum, long IntervalOutcomes, long IntervalHits, long Anomalies,
    Dictionary<int, long>? SeasonsFound = null);
