namespace LstmActors.Client.Simulation;

/// <summary>
/// One answered tick of a simulated series: the values sent, the prediction the grain returned, and the values that
/// actually came next (known because the simulator produced them right after).
/// </summary>
internal readonly record struct FleetObservation(SimulatedSeries Series, long Sequence, float[] Sent, float[] Predicted, float[] Next, int ModelVersion);
