namespace LstmActors.Engine.Onnx.Import;

/// <summary>What an axis of the data flowing through the graph stands for, so layout operators can be followed.</summary>
internal enum Axis
{
    /// <summary>Samples (series).</summary>
    Batch,
    /// <summary>Timesteps.</summary>
    Time,
    /// <summary>Features or units.</summary>
    Feature,
    /// <summary>A recurrent operator's num_directions axis (size 1 for a forward layer).</summary>
    Direction,
}
