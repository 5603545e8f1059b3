using System.Globalization;
using LstmActors.Grains.Hosting;
using LstmActors.Grains.Tests.Catalog;
using LstmActors.Silo.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace LstmActors.Grains.Tests.Cluster;

/// <summary>Configures each test silo from the cluster's properties (Orleans' TestingHost builds silos from a type, not a delegate).</summary>
internal sealed class SiloConfigurator : ISiloConfigurator
{
    public const string StateFileKey = "LstmActorsTests:StateFile";
    public const string PersistEveryTicksKey = "LstmActorsTests:PersistEveryTicks";
    public const string RefusingCatalogWritesKey = "LstmActorsTests:RefusingCatalogWrites";
    public const string MinWindowsPerContributionKey = "LstmActorsTests:MinWindowsPerContribution";
    public const string ContributionDelayKey = "LstmActorsTests:ContributionDelay";

    public void Configure(ISiloBuilder silo)
    {
        var configuration = silo.Configuration;
        var state = new StoreLocation(StoreKind.Sqlite, configuration[StateFileKey]!);
        if (configuration[RefusingCatalogWritesKey] == "true")
        {
            silo.UseGrainStorage(state, StorageRefusingCatalogWrites.InnerName);
            // Grains without a storage name take the unkeyed IGrainStorage: Orleans' default provider.
            silo.Services.AddSingleton<IGrainStorage>(services => new StorageRefusingCatalogWrites(services.GetRequiredKeyedService<IGrainStorage>(StorageRefusingCatalogWrites.InnerName)));
        }
        else
        {
            silo.UseGrainStorage(state);
        }
        silo.AddLstmActorsGrains(options =>
        {
            options.Batcher.BatchWait = TimeSpan.FromMilliseconds(0.5);
            options.PersistEveryTicks = int.Parse(configuration[PersistEveryTicksKey]!, CultureInfo.InvariantCulture);
            if (configuration[MinWindowsPerContributionKey] is { } minWindows) options.MinWindowsPerContribution = int.Parse(minWindows, CultureInfo.InvariantCulture);
            if (configuration[ContributionDelayKey] is { } delay) options.ContributionDelay = TimeSpan.Parse(delay, CultureInfo.InvariantCulture);
        });
    }
}
