using LstmActors.Grains.Catalog;
using LstmActors.Grains.Models;
using LstmActors.Grains.Tests.Cluster;
using LstmActors.Grains.Training;
using Microsoft.Extensions.DependencyInjection;

namespace LstmActors.Grains.Tests.Catalog;

public sealed class ModelCatalogTests
{
    private static readonly ModelDefinition Pumps = ModelDefinition.ForFeatures("pumps", "pumps", ["flow", "head", "power"]) with { PredictedFeatures = ["flow"] };
    private static readonly ModelDefinition Waves = ModelDefinition.ForFeatures("waves", "waves", ["level", "flow"]);
    private static readonly string[] BuiltInNames = BuiltInModels.All.Select(m => m.Name).ToArray();

    private static IGrainFactory FactoryOf(SiloHandle silo) => silo.Services().GetRequiredService<IGrainFactory>();

    private static Task<List<RegisteredModel>> ListFrom(IGrainFactory factory) => factory.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).List();

    private static void AssertEntry(ModelDefinition expected, RegisteredModel actual)
    {
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Features, actual.Features);
        Assert.Equal(expected.PredictedFeatures, actual.PredictedFeatures);
    }

    [Fact]
    public async Task Models_defined_on_two_silos_are_listed_with_the_built_ins_from_either_silo()
    {
        var (cluster, _) = await Clusters.StartAsync(2);
        await using var _ = cluster;
        var before = DateTimeOffset.UtcNow;
        // Each model is defined through a different silo; the catalog grain lives on one of them.
        await FactoryOf(cluster.Silos[0]).GetGrain<IModelGrain>(Pumps.Name).Define(Pumps);
        await FactoryOf(cluster.Silos[1]).GetGrain<IModelGrain>(Waves.Name).Define(Waves);

        foreach (var silo in cluster.Silos)
        {
            var listed = await ListFrom(FactoryOf(silo));
            Assert.Equal([.. BuiltInNames, "pumps", "waves"], listed.Select(m => m.Name));
            for (int i = 0; i < BuiltInModels.All.Count; i++)
            {
                AssertEntry(BuiltInModels.All[i], listed[i]);
                Assert.True(listed[i].IsBuiltIn());
                Assert.Null(listed[i].DefinedAt);
            }
            AssertEntry(Pumps, listed[2]);
            AssertEntry(Waves, listed[3]);
            Assert.All(listed.Skip(2), m => Assert.InRange(m.DefinedAt!.Value, before, DateTimeOffset.UtcNow));
            Assert.All(listed.Skip(2), m => Assert.False(m.IsBuiltIn()));
        }
    }

    [Fact]
    public async Task A_model_defined_twice_is_listed_once_with_its_first_definition_time()
    {
        var (cluster, _) = await Clusters.StartAsync(2);
        await using var _ = cluster;
        await FactoryOf(cluster.Silos[0]).GetGrain<IModelGrain>(Pumps.Name).Define(Pumps);
        var first = Assert.Single(await ListFrom(cluster.Client), m => m.Name == Pumps.Name);

        await FactoryOf(cluster.Silos[1]).GetGrain<IModelGrain>(Pumps.Name).Define(Pumps);
        await cluster.Client.GetGrain<IModelGrain>(Pumps.Name).Define(Pumps);
        // A definition of another shape is refused and leaves the entry as it was.
        await Assert.ThrowsAsync<InvalidOperationException>(() => cluster.Client.GetGrain<IModelGrain>(Pumps.Name).Define(Pumps with { Features = ["flow"] }));
        // Defining a built-in model explicitly does not list it twice.
        await cluster.Client.GetGrain<IModelGrain>(BuiltInModels.Tanks.Name).Define(BuiltInModels.Tanks);

        var listed = await ListFrom(cluster.Client);
        Assert.Equal([.. BuiltInNames, "pumps"], listed.Select(m => m.Name));
        Assert.Equal(first.DefinedAt, listed[2].DefinedAt);
        AssertEntry(Pumps, listed[2]);
    }

    [Fact]
    public async Task The_catalog_survives_the_kill_of_its_silo()
    {
        var (cluster, _) = await Clusters.StartAsync(2);
        await using var _ = cluster;
        await cluster.Client.GetGrain<IModelGrain>(Pumps.Name).Define(Pumps);
        var definedAt = (await ListFrom(cluster.Client))[^1].DefinedAt;

        // Kill the silo holding the catalog's activation: no deactivation runs, so only what was stored remains.
        var host = await CatalogHost(cluster);
        var survivor = cluster.Silos.Single(s => s != host);
        await cluster.KillSiloAsync(host);
        await cluster.WaitForLivenessToStabilizeAsync();

        var listed = await ListFrom(FactoryOf(survivor));
        Assert.Equal([.. BuiltInNames, "pumps"], listed.Select(m => m.Name));
        Assert.Equal(definedAt, listed[^1].DefinedAt);
        Assert.Same(survivor, await CatalogHost(cluster));

        // The new activation goes on registering from the stored list.
        await FactoryOf(survivor).GetGrain<IModelGrain>(Waves.Name).Define(Waves);
        Assert.Equal([.. BuiltInNames, "pumps", "waves"], (await ListFrom(cluster.Client)).Select(m => m.Name));
    }

    [Fact]
    public async Task The_catalog_survives_a_whole_cluster_restart_on_the_same_storage()
    {
        var (cluster, stateFile) = await Clusters.StartAsync(2);
        List<RegisteredModel> before;
        await using (cluster)
        {
            await cluster.Client.GetGrain<IModelGrain>(Pumps.Name).Define(Pumps);
            await cluster.Client.GetGrain<IModelGrain>(Waves.Name).Define(Waves);
            before = await ListFrom(cluster.Client);
        }

        var (restarted, _) = await Clusters.StartAsync(2, stateFile: stateFile);
        await using var _ = restarted;
        var after = await ListFrom(restarted.Client);
        Assert.Equal(before.Select(m => (m.Name, m.DefinedAt)), after.Select(m => (m.Name, m.DefinedAt)));
        AssertEntry(Pumps, after[2]);
        AssertEntry(Waves, after[3]);
        Assert.Equal(Waves.Features, (await restarted.Client.GetGrain<IModelGrain>(Waves.Name).GetDefinition()).Features);
    }

    [Fact]
    public async Task A_failed_registration_fails_Define_keeps_the_definition_and_a_retry_registers_it()
    {
        var (cluster, _) = await Clusters.StartAsync(2, refusingCatalogWrites: true);
        await using var _ = cluster;
        var model = cluster.Client.GetGrain<IModelGrain>(Pumps.Name);

        StorageRefusingCatalogWrites.Refusing = true;
        var failed = await Assert.ThrowsAnyAsync<Exception>(() => model.Define(Pumps));
        Assert.True(failed.ToString().Contains("refuses writes"), failed.ToString());
        Assert.Equal(Pumps.Features, (await model.FindDefinition())!.Features);
        Assert.Equal(BuiltInNames, (await ListFrom(cluster.Client)).Select(m => m.Name));

        StorageRefusingCatalogWrites.Refusing = false;
        await model.Define(Pumps);
        Assert.Equal([.. BuiltInNames, "pumps"], (await ListFrom(cluster.Client)).Select(m => m.Name));
    }

    /// <summary>The silo with a live catalog activation, as the silos themselves report it.</summary>
    private static async Task<SiloHandle> CatalogHost(TestCluster cluster)
    {
        var catalog = cluster.Client.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key);
        var host = await cluster.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(catalog);
        return cluster.Silos.Single(s => s.SiloAddress.Equals(host));
    }
}
