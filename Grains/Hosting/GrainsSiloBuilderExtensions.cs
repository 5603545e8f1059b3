using LstmActors.Grains.Placement;
using LstmActors.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization.Cloning;
using Orleans.Storage;

namespace LstmActors.Grains.Hosting;

/// <summary>Adds what the series and model grains need on a silo.</summary>
public static class GrainsSiloBuilderExtensions
{
    /// <summary>
    /// Adds the silo's <see cref="SiloModels"/> (step batchers and gradient workers, one per model) and the placement of
    /// per-silo grains. The grains keep their state in the silo's default grain storage, which must be configured with
    /// shared by all silos for a series to resume on another silo. Every storage provider of the silo that names no
    /// serializer of its own writes with Orleans' binary serializer: the grains' state classes are [GenerateSerializer]
    /// types (compact floats, version tolerant, readable by any silo, unlike the default JSON with type names).
    /// </summary>
    public static ISiloBuilder AddLstmActorsGrains(this ISiloBuilder builder, Action<GrainsOptions>? configure = null)
    {
        var options = new GrainsOptions();
        configure?.Invoke(options);
        if (options.PersistEveryTicks < 1) throw new ArgumentOutOfRangeException(nameof(configure), options.PersistEveryTicks, "PersistEveryTicks must be at least 1.");
        if (options.MaxWindowsPerContribution < 1) throw new ArgumentOutOfRangeException(nameof(configure), options.MaxWindowsPerContribution, "MaxWindowsPerContribution must be at least 1.");
        if (options.MinWindowsPerContribution < 1 || options.MinWindowsPerContribution > options.MaxWindowsPerContribution)
            throw new ArgumentOutOfRangeException(nameof(configure), options.MinWindowsPerContribution, "MinWindowsPerContribution must be between 1 and MaxWindowsPerContribution.");
        if (options.ContributionDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(configure), options.ContributionDelay, "ContributionDelay must not be negative.");
        if (options.Batcher.MaxBatch < 1) throw new ArgumentOutOfRangeException(nameof(configure), options.Batcher.MaxBatch, "Batcher.MaxBatch must be at least 1.");
        builder.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        builder.Services.AddSingleton<IDeepCopier<ReadOnlyMemory<byte>>, ByteMemoryCopier>();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<SiloModels>();
        builder.Services.AddPlacementDirector<SiloKeyPlacement, SiloKeyPlacementDirector>();
        return builder;
    }
}
