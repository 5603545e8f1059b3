using LstmActors.Grains.Forecasting;
using LstmActors.Grains.Models;

namespace LstmActors.Client.Streaming;

/// <summary>
/// A season detected per kind of series before a data-paced replay: the first changes of every queued series of a
/// model the stream creates are pooled (<see cref="SeasonDetection.DetectPooled"/>), so series too short to show their
/// season alone show it together, and the model is defined with it. Only where no series of the model has a calendar
/// (step numbers, yearly dates): calendar seasons stay each series' own. Without a pooled season each series still
/// looks for its own in its first changes.
/// </summary>
internal static class KindSeasons
{
    /// <summary>The season the series of <paramref name="definition"/> queued in <paramref name="replay"/> show together, or null (none, a calendar, or fewer than two series).</summary>
    public static (int Season, int Series)? Of(ModelDefinition definition, DataPacedReplay replay)
    {
        int[] predicted = definition.PredictedIndices();
        bool[] log = definition.LogMask();
        var early = new List<(double[] Values, int Changes)>();
        // A series of the wrong width is the grain's to refuse, with its message.
        foreach (var series in replay.SeriesOf(definition.Name).Where(s => s.Count > 6 && s.Width == definition.Features.Length))
        {
            if (series.Timestamp(0) != default && CalendarSeasons.Of(series.Timestamp(1) - series.Timestamp(0)).Length > 0) return null;
            int count = Math.Min(series.Count, SeasonDetection.Values);
            // The predicted features' first values, transformed as the series' scaler does, (features, SeasonDetection.Values).
            var values = new double[predicted.Length * SeasonDetection.Values];
            for (int i = 0; i < predicted.Length; i++)
            for (int k = 0; k < count; k++)
            {
                float raw = series.Feature(k, predicted[i]);
                values[i * SeasonDetection.Values + k] = log[predicted[i]] ? Math.Log(1 + (double)raw) : raw;
            }
            early.Add((values, count - 1));
        }
        if (early.Count < 2) return null;
        int season = SeasonDetection.DetectPooled(early, predicted.Length, out _);
        return season > 0 ? (season, early.Count) : null;
    }
}
