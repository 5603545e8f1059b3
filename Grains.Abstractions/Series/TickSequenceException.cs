namespace LstmActors.Grains.Series;

/// <summary>A tick that does not follow the series' latest one: a gap (numbers skipped) or out of order.</summary>
[GenerateSerializer, Alias("lstmactors.TickSequenceException")]
public sealed class TickSequenceException : Exception
{
    /// <summary>Tick <paramref name="received"/> of <paramref name="seriesId"/> arrived where <paramref name="expected"/> was due.</summary>
    public TickSequenceException(string seriesId, long expected, long received, string message) : base(message)
    {
        SeriesId = seriesId;
        Expected = expected;
        Received = received;
    }

    /// <summary>The series.</summary>
    [Id(0)]
    public string SeriesId { get; private set; }

    /// <summary>The sequence number the series expected next.</summary>
    [Id(1)]
    public long Expected { get; private set; }

    /// <summary>The sequence number that arrived.</summary>
    [Id(2)]
    public long Received { get; private set; }
}
