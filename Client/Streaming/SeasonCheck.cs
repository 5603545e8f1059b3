using LstmActors.Grains.Models;

namespace LstmActors.Client.Streaming;

/// <summary>
/// Whether the seasons a model names reach into the data streamed to it: a season needs a series of the model with more
/// ticks than its length, or its seasonal lags never reach back into the data (they stay 0). Seasons a model leaves to
/// each series' tick spacing are not checked: nobody asked for them, and a lag that does not reach back costs nothing.
/// </summary>
internal sealed class SeasonCheck(string csv)
{
    private readonly Dictionary<string, (string Model, long Ticks, int Line)> _series = new(StringComparer.Ordinal);

    /// <summary>Counts <paramref name="tick"/> (its series' ticks come in order).</summary>
    public void Add(StreamedTick tick) => _series[tick.Series] = (tick.Model, tick.Tick.Sequence, tick.Line);

    /// <summary>What is wrong with the first of <paramref name="models"/> whose longest season no series of it is longer than; null if none.</summary>
    public string? Problem(IEnumerable<ModelDefinition> models)
    {
        foreach (var model in models)
        {
            if (model.Seasons is not { Length: > 0 } seasons) continue;
            var season = seasons.Max();
            (string Series, long Ticks, int Line)? longest = null;
            foreach (var (series, (name, ticks, line)) in _series)
            {
                if (name == model.Name && ticks > (longest?.Ticks ?? 0)) longest = (series, ticks, line);
            }
            if (longest is not { } l || l.Ticks > season) continue;
            return $"{csv}: season {season} of model '{model.Name}' is longer than its data: its longest series '{l.Series}' ends at line {l.Line} " +
                $"after {l.Ticks} ticks; a season needs a series with more ticks than its length (give a shorter --season, or 'none')";
        }
        return null;
    }
}
