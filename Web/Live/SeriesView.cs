using LstmActors.Grains.Series;

namespace LstmActors.Web.Live;

/// <summary>What a series' page shows, as one JSON event: where it stands, its recent window and its current forecast.</summary>
/// <param name="Status">Ticks seen, errors, version, silo.</param>
/// <param name="History">Its latest ticks with the predictions made on them.</param>
/// <param name="Forecast">The k-step forecast from its latest tick.</param>
public sealed record SeriesView(SeriesStatus Status, SeriesHistory History, Forecast Forecast);
