namespace LstmActors.Grains.Training;

/// <summary>One entry of a model's loss history: the training loss of the step that produced a version.</summary>
/// <param name="Version">The version produced.</param>
/// <param name="Loss">Mean training loss of the step's windows.</param>
/// <param name="Samples">Windows in the step.</param>
/// <param name="Time">When the step was taken.</param>
[GenerateSerializer, Alias("lstmactors.LossPoint")]
public sealed record LossPoint(int Version, float Loss, int Samples, DateTimeOffset Time);
