namespace LstmActors.Grains.Models;

/// <summary>One published version of a model's shared weights (flat, in the engine's <c>Sequential.GetWeights</c> order).</summary>
/// <param name="Model">Model name.</param>
/// <param name="Version">Version number, 1 for the initial weights, +1 per optimizer step.</param>
/// <param name="Weights">The weights; never modified once published.</param>
[GenerateSerializer, Immutable, Alias("lstmactors.ModelVersion")]
public sealed record ModelVersion(string Model, int Version, float[] Weights);
