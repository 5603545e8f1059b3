namespace LstmActors.Grains.Models;

/// <summary>One published version of a model's shared weights (flat, in <see cref="Engine.Models.Sequential.GetWeights"/> order).</summary>
/// <param name="Model">Model name.</param>
/// <param name="Version">Version number, 1 for the initial weights, +1 per optimizer step.</param>
/// <param name="Weights">The weights; never modified once published.</param>
public sealed record ModelVersion(string Model, int Version, float[] Weights);
