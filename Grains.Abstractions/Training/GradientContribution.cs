namespace LstmActors.Grains.Training;

/// <summary>
/// One silo's gradient for a model: the SUM over its windows of each window's mean-loss gradient, so contributions add
/// up and the model grain divides by the total <see cref="Samples"/> to get the gradient of the union batch.
/// </summary>
/// <param name="Silo">Identity of the contributing silo process.</param>
/// <param name="Version">The weights version the gradient was computed on.</param>
/// <param name="Samples">Windows summed; 0 for a silo reporting to a synchronous round that it has nothing this time.</param>
/// <param name="LossSum">Sum over windows of each window's mean loss.</param>
/// <param name="GradientSum">Summed gradient, flat in weights order.</param>
/// <param name="Windows">The windows summed, for inspection and tests.</param>
[GenerateSerializer, Alias("lstmactors.GradientContribution")]
public sealed record GradientContribution(string Silo, int Version, int Samples, float LossSum, float[] GradientSum, List<WindowKey> Windows);
