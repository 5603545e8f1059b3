namespace LstmActors.Client.Streaming;

/// <summary>How a stream of a file is paced against training (<c>--pacing</c>).</summary>
public enum Pacing
{
    /// <summary>Training keeps pace with the data: each window's step is applied before the series predict past it (deterministic).</summary>
    Data,

    /// <summary>Ticks go as fast as the cluster takes them; training runs in its time-paced rounds beside them, as for live streams.</summary>
    Time,
}
