using LstmActors.Grains.Forecasting;
using LstmActors.Grains.Models;
using LstmActors.Grains.Series;

namespace LstmActors.Client.Streaming;

/// <summary>
/// A season detected per kind of series before a data-paced replay: the first changes of every series of a model the
/// stream creates are pooled (<see cref="SeasonDetection.DetectPooled"/>), so series too short to show their season
/// alone show it together, and the model is defined with it. Only where no series of the model has a calendar (step
/// numbers, yearly dates): calendar seasons stay each series' own. Without a pooled season each series still looks for
/// its own in its first changes.
/// </summary>
internal sealed class KindSeasons
{
    private readonly Dictionary<string, Early> _series = new(StringComparer.Ordinal);

    /// <summary>Keeps what detection needs of <paramref name="tick"/>, a tick of a model of <paramref name="definition"/> (its series' ticks come in order).</summary>
    public void Add(StreamedTick tick, ModelDefinition definition)
    {
        // A tick of the wrong width is the grain's to refuse, with its message.
        if (tick.Tick.Features.Length != definition.Features.Length) return;
        if (!_series.TryGetValue(tick.Series, out var early)) _series[tick.Series] = early = new Early(definition);
        early.Add(tick.Tick);
    }

    /// <summary>The season the series of <paramref name="definition"/> show together, or null (none, a calendar, or fewer than two series).</summary>
    public (int Season, int Series)? Of(ModelDefinition definition)
    {
        var series = _series.Values.Where(s => s.Model == definition.Name && s.Count > 6).ToList();
        if (series.Count < 2 || series.Any(s => s.HasCalendar)) return null;
        int season = SeasonDetection.DetectPooled(series.Select(s => (s.Values, s.Count - 1)).ToList(), definition.PredictedFeatures.Length, out _);
        return season > 0 ? (season, series.Count) : null;
    }

    /// <summary>A series' first values of its predicted features, transformed as its scaler does, (features, <see cref="SeasonDetection.Values"/>).</summary>
    private sealed class Early(ModelDefinition definition)
    {
        private readonly int[] _predicted = definition.PredictedIndices();
        private readonly bool[] _log = definition.LogMask();
        private DateTimeOffset _first;

        public string Model { get; } = definition.Name;

        public double[] Values { get; } = new double[definition.PredictedFeatures.Length * SeasonDetection.Values];

        public int Count { get; private set; }

        public bool HasCalendar { get; private set; }

        public void Add(Tick tick)
        {
            if (Count == SeasonDetection.Values) return;
            if (Count == 0) _first = tick.Timestamp;
            else if (Count == 1 && _first != default) HasCalendar = CalendarSeasons.Of(tick.Timestamp - _first).Length > 0;
            for (int i = 0; i < _predicted.Length; i++)
            {
                float raw = tick.Features[_predicted[i]];
                Values[i * SeasonDetection.Values + Count] = _log[_predicted[i]] ? Math.Log(1 + (double)raw) : raw;
            }
            Count++;
        }
    }
}
