using LstmActors.Grains.Models;

namespace LstmActors.Grains.Training;

/// <summary>A model grain's checkpoint: definition, weights, optimizer state, version and loss history.</summary>
[GenerateSerializer, Alias("lstmactors.ModelState")]
public sealed class ModelState
{
    /// <summary>The definition, or null before the model is defined.</summary>
    [Id(0)]
    public ModelDefinition? Definition { get; set; }

    /// <summary>Weights version (0 before the model is defined).</summary>
    [Id(1)]
    public int Version { get; set; }

    /// <summary>Flat weights of <see cref="Version"/>.</summary>
    [Id(2)]
    public float[] Weights { get; set; } = [];

    /// <summary>Optimizer updates applied (Keras iterations).</summary>
    [Id(3)]
    public long OptimizerIterations { get; set; }

    /// <summary>Optimizer slots (moments) in parameter order, then slot order, concatenated.</summary>
    [Id(4)]
    public float[] OptimizerSlots { get; set; } = [];

    /// <summary>Optimizer steps taken.</summary>
    [Id(5)]
    public long Steps { get; set; }

    /// <summary>Contributions dropped as stale.</summary>
    [Id(6)]
    public long Dropped { get; set; }

    /// <summary>Loss history, oldest first (the latest <see cref="ModelGrain.LossHistoryLength"/> entries).</summary>
    [Id(7)]
    public List<LossPoint> Losses { get; set; } = [];
}
