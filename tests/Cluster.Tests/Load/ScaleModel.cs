using LstmActors.Grains.Models;

namespace LstmActors.Cluster.Tests.Load;

/// <summary>The models the series of the cluster tests run on: one feature, small, seeded weights.</summary>
public static class ScaleModel
{
    /// <summary>Training off, so every prediction depends only on the series' own ticks and carry (comparable with a reference run).</summary>
    public static ModelDefinition Fixed { get; } = ModelDefinition.ForFeatures("scale-fixed", "sine", ["value"]) with
    {
        Units = 16,
        Seed = 7,
        Training = new TrainingSettings(TrainingMode.Off, StalenessBound: 4, RoundDeadline: TimeSpan.FromSeconds(2), CheckpointEvery: 10),
    };

    /// <summary>Online training on (synchronous rounds, a checkpoint every version), for the restart test.</summary>
    public static ModelDefinition Trained { get; } = ModelDefinition.ForFeatures("scale-trained", "sine", ["value"]) with
    {
        Units = 16,
        Seed = 7,
        WindowLength = 4,
        Training = new TrainingSettings(TrainingMode.Synchronous, StalenessBound: 4, RoundDeadline: TimeSpan.FromSeconds(2), CheckpointEvery: 1),
    };

    /// <summary>Series ids with a prefix: s0000, s0001, ...</summary>
    public static string[] SeriesIds(int count, string prefix = "s") => Enumerable.Range(0, count).Select(i => $"{prefix}{i:D4}").ToArray();
}
