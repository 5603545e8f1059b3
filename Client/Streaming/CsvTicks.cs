using LstmActors.Client.Csv;
using LstmActors.Client.Models;
using LstmActors.Grains.Series;

namespace LstmActors.Client.Streaming;

/// <summary>
/// Turns CSV rows into ticks for their series grains: each series numbered 1, 2, ... in file order (so sending a file
/// again is idempotent), features in model order, the row's date as the tick's time. A step number gives no time: the
/// series' seasons then come from the model, not from the clock of the replay, so a replay stays deterministic.
/// </summary>
internal sealed class CsvTicks(string csv, string seriesPrefix = "")
{
    private readonly Dictionary<string, long> _sequences = new(StringComparer.Ordinal);
    private long _rows;

    /// <summary>Rows turned into ticks so far.</summary>
    public long Rows => _rows;

    /// <summary>Distinct series met so far.</summary>
    public int Series => _sequences.Count;

    /// <summary>The tick of <paramref name="row"/>, to the series grain <c>prefix + series</c> of the model <paramref name="selection"/> chose.</summary>
    public StreamedTick Next(TickRow row, ModelSelection selection)
    {
        var id = seriesPrefix + row.Series;
        var sequence = _sequences[id] = _sequences.TryGetValue(id, out var last) ? last + 1 : 1;
        var tick = new Tick(sequence, row.Date ?? default, selection.ToModelOrder(row.Features));
        return new StreamedTick(_rows++, id, selection.Definition.Name, row.Time, tick, csv, row.Line);
    }
}
