using LstmActors.Grains.Hosting;
using LstmActors.Runtime;
using LstmActors.Runtime.Hosting;
using LstmActors.Runtime.Persistence;
using LstmActors.Runtime.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LstmActors.Grains.Tests.Cluster;

/// <summary>Test clusters with the series and model grains on every silo and one grain storage shared by all silos.</summary>
internal static class Clusters
{
    /// <summary>Starts <paramref name="silos"/> silos on <paramref name="storage"/> (a new, empty one by default; an earlier cluster's for a whole-cluster restart).</summary>
    public static async Task<(TestCluster Cluster, IGrainStorage Storage)> StartAsync(int silos, Action<GrainsOptions>? configure = null, IGrainStorage? storage = null)
    {
        storage ??= new InMemoryGrainStorage();
        var cluster = await TestCluster.StartAsync(o =>
        {
            o.InitialSilosCount = silos;
            o.ConfigureSilo = silo =>
            {
                silo.AddGrainStorage(GrainStorageRegistration.DefaultName, _ => storage);
                silo.AddLstmActorsGrains(options =>
                {
                    options.Batcher.BatchWait = TimeSpan.FromMilliseconds(0.5);
                    configure?.Invoke(options);
                });
            };
        });
        return (cluster, storage);
    }

    /// <summary>The silo whose <see cref="SiloModels.SiloId"/> is <paramref name="siloId"/>.</summary>
    public static SiloHandle SiloOf(this TestCluster cluster, string siloId) =>
        cluster.Silos.Single(s => s.Services.GetRequiredService<SiloModels>().SiloId == siloId);
}
