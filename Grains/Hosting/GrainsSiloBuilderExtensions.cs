using LstmActors.Grains.Series;
using LstmActors.Grains.Training;
using LstmActors.Runtime;
using LstmActors.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LstmActors.Grains.Hosting;

/// <summary>Registers the series and model grains and their silo-local batchers on a silo.</summary>
public static class GrainsSiloBuilderExtensions
{
    /// <summary>
    /// Hosts <see cref="SeriesGrain"/> and <see cref="ModelGrain"/> and the silo's <see cref="SiloModels"/>. Both grains
    /// keep their state in the silo's default grain storage, which must be configured (and shared by all silos for a
    /// series to resume on another silo).
    /// </summary>
    public static ISiloBuilder AddLstmActorsGrains(this ISiloBuilder builder, Action<GrainsOptions>? configure = null)
    {
        var options = new GrainsOptions();
        configure?.Invoke(options);
        if (options.PersistEveryTicks < 1) throw new ArgumentOutOfRangeException(nameof(configure), options.PersistEveryTicks, "PersistEveryTicks must be at least 1.");
        if (options.MaxWindowsPerContribution < 1) throw new ArgumentOutOfRangeException(nameof(configure), options.MaxWindowsPerContribution, "MaxWindowsPerContribution must be at least 1.");
        if (options.Batcher.MaxBatch < 1) throw new ArgumentOutOfRangeException(nameof(configure), options.Batcher.MaxBatch, "Batcher.MaxBatch must be at least 1.");
        builder.AddGrain<SeriesGrain>();
        builder.AddGrain<ModelGrain>();
        builder.AddGrain<Catalog.ModelCatalogGrain>();
        builder.AddGrain<Monitoring.SiloTicksGrain>();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(sp => new SiloModels(sp.GetRequiredService<IGrainFactory>(), options, sp.GetRequiredService<ILoggerFactory>()));
        return builder;
    }
}
