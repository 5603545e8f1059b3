namespace LstmActors.Grains.Series;

/// <summary>A tick whose features cannot be applied: wrong count, NaN, infinity, or a negative value for a log-scaled feature.</summary>
[GenerateSerializer, Alias("lstmactors.InvalidTickException")]
public sealed class InvalidTickException : ArgumentException
{
    /// <summary>A rejected tick of <paramref name="seriesId"/>.</summary>
    public InvalidTickException(string seriesId, long sequence, string message) : base(message)
    {
        SeriesId = seriesId;
        Sequence = sequence;
    }

    /// <summary>The series.</summary>
    [Id(0)]
    public string SeriesId { get; private set; }

    /// <summary>The rejected tick's sequence number.</summary>
    [Id(1)]
    public long Sequence { get; private set; }
}
