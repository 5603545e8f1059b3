using LstmActors.Grains.Models;

namespace LstmActors.Grains.Training;

/// <summary>The model grain's answer to a contribution: whether it was used (and how), and the newest weights to install.</summary>
/// <param name="Accepted">Whether the gradient went into an optimizer step.</param>
/// <param name="Weight">The factor it was applied with (1 unless down-weighted as stale; 0 when dropped).</param>
/// <param name="Reason">Why it was dropped or down-weighted, or null.</param>
/// <param name="Latest">The newest version after the contribution's round or step.</param>
[GenerateSerializer, Alias("lstmactors.ContributionResult")]
public sealed record ContributionResult(bool Accepted, float Weight, string? Reason, ModelVersion Latest);
