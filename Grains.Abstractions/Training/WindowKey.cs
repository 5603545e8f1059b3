namespace LstmActors.Grains.Training;

/// <summary>Names a training window: its series and the sequence number of its first input.</summary>
/// <param name="SeriesId">The series.</param>
/// <param name="StartSequence">Sequence number of the window's first input.</param>
[GenerateSerializer, Alias("lstmactors.WindowKey")]
public sealed record WindowKey(string SeriesId, long StartSequence);
