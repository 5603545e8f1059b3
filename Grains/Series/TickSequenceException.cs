namespace LstmActors.Grains.Series;

/// <summary>A tick that does not follow the series' latest one: a gap (numbers skipped) or out of order.</summary>
public sealed class TickSequenceException(string seriesId, long expected, long received, string message) : Exception(message)
{
    /// <summary>The series.</summary>
    public string SeriesId { get; } = seriesId;

    /// <summary>The sequence number the series expected next.</summary>
    public long Expected { get; } = expected;

    /// <summary>The sequence number that arrived.</summary>
    public long Received { get; } = received;
}
