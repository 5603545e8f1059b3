using System.Text.Json.Serialization;
using LstmActors.Grains.Models;
using LstmActors.Grains.Persistence;

namespace LstmActors.Grains.Training;

/// <summary>A model grain's checkpoint: definition, weights, optimizer state, version and loss history.</summary>
public sealed class ModelState
{
    /// <summary>The definition, or null before the model is defined.</summary>
    public ModelDefinition? Definition { get; set; }

    /// <summary>Weights version (0 before the model is defined).</summary>
    public int Version { get; set; }

    /// <summary>Flat weights of <see cref="Version"/>.</summary>
    [JsonConverter(typeof(FloatsAsBase64<float>))]
    public float[] Weights { get; set; } = [];

    /// <summary>Optimizer updates applied (Keras iterations).</summary>
    public long OptimizerIterations { get; set; }

    /// <summary>Optimizer slots (moments) in parameter order, then slot order, concatenated.</summary>
    [JsonConverter(typeof(FloatsAsBase64<float>))]
    public float[] OptimizerSlots { get; set; } = [];

    /// <summary>Optimizer steps taken.</summary>
    public long Steps { get; set; }

    /// <summary>Contributions dropped as stale.</summary>
    public long Dropped { get; set; }

    /// <summary>Loss history, oldest first (the latest <see cref="ModelGrain.LossHistoryLength"/> entries).</summary>
    public List<LossPoint> Losses { get; set; } = [];
}
