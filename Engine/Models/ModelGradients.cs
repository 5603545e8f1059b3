namespace LstmActors.Engine.Models;

/// <summary>
/// The gradient of one batch: <see cref="Values"/> is d(loss)/d(weights), flat in <see cref="Model.GetWeights"/>
/// order, ready to be summed with other batches' and applied with <see cref="Model.ApplyGradients"/>.
/// </summary>
/// <param name="Loss">The batch's mean loss.</param>
/// <param name="Samples">Number of samples (batch rows) the gradient was averaged over.</param>
/// <param name="Values">The flat gradient.</param>
public sealed record ModelGradients(float Loss, int Samples, float[] Values);
