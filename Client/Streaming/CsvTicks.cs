using System.Globalization;
using LstmActors.Client.Csv;
using LstmActors.Client.Models;
using LstmActors.Grains.Series;

namespace LstmActors.Client.Streaming;

/// <summary>
/// Turns CSV rows into ticks for their series grains: each series numbered 1, 2, ... in file order (so sending a file
/// again is idempotent), features in model order, the time cell parsed when it is a date (no time otherwise).
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
        var tick = new Tick(sequence, TimeOf(row.Time), selection.ToModelOrder(row.Features));
        return new StreamedTick(_rows++, id, selection.Definition.Name, row.Time, tick, csv, row.Line);
    }

    // A time cell that is not a date (a step number) gives no time: the series' seasons then come from the model, not
    // from the clock of the replay, so a replay stays deterministic.
    private static DateTimeOffset TimeOf(string cell) =>
        DateTimeOffset.TryParse(cell, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : default;
}
