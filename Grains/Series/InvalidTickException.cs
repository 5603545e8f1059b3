namespace LstmActors.Grains.Series;

/// <summary>A tick whose features cannot be applied: wrong count, NaN, infinity, or a negative value for a log-scaled feature.</summary>
public sealed class InvalidTickException(string seriesId, long sequence, string message) : ArgumentException(message)
{
    /// <summary>The series.</summary>
    public string SeriesId { get; } = seriesId;

    /// <summary>The rejected tick's sequence number.</summary>
    public long Sequence { get; } = sequence;
}
