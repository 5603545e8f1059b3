using LstmActors.Runtime.AdoNet.Tests.Databases;
using LstmActors.Runtime.AdoNet.Tests.Grains;
using LstmActors.Runtime.AdoNet.Tests.Skipping;
using LstmActors.Runtime.Hosting;
using LstmActors.Runtime.Membership;
using LstmActors.Runtime.Testing;

namespace LstmActors.Runtime.AdoNet.Tests.Contracts;

/// <summary>A test cluster of the runtime's silos using the stores through the builder extensions, run against each database kind.</summary>
public abstract class SiloContract<TDatabase> : DatabaseContract<TDatabase> where TDatabase : TestDatabase, new()
{
    [StoreFact]
    public async Task SilosJoinThroughTheTableAndARestartedClusterBringsBackEveryGrainsState()
    {
        var clusterId = $"cluster-{Guid.NewGuid():N}";
        var counters = Enumerable.Range(0, 10).Select(i => $"series-{i}").ToArray();
        var expected = new Dictionary<string, int>();

        await using (var cluster = await StartClusterAsync(clusterId))
        {
            foreach (var (key, i) in counters.Select((key, i) => (key, i)))
            {
                for (var n = 0; n <= i % 3; n++)
                    expected[key] = await cluster.GrainFactory.GetGrain<ICounterGrain>(key).Increment();
            }

            var rows = (await Database.CreateMembershipTable(clusterId).ReadAllAsync()).Rows;
            Assert.Equal(cluster.Silos.Select(s => s.SiloAddress).Order(SiloOrder.Instance), rows.Select(r => r.Entry.Silo).Order(SiloOrder.Instance));
            Assert.All(rows, row => Assert.Equal(SiloStatus.Active, row.Entry.Status));
        }

        // A whole new cluster (new incarnations, new activations) on the same database.
        await using (var restarted = await StartClusterAsync(clusterId))
        {
            foreach (var key in counters)
                Assert.Equal(expected[key], await restarted.GrainFactory.GetGrain<ICounterGrain>(key).Get());
            Assert.Equal(expected[counters[0]] + 1, await restarted.GrainFactory.GetGrain<ICounterGrain>(counters[0]).Increment());
        }
        await Database.CreateMembershipTable(clusterId).DeleteClusterAsync();
    }

    private Task<TestCluster> StartClusterAsync(string clusterId) => TestCluster.StartAsync(options =>
    {
        options.ClusterId = clusterId;
        // Every heartbeat is a synced write; on a loaded machine the test defaults (100 ms, 3 missed) declare live silos dead.
        options.IAmAlivePeriod = TimeSpan.FromMilliseconds(500);
        options.NumMissedIAmAliveLimit = 20;
        options.ConfigureSilo = silo => Database.ConfigureStores(silo.AddGrain<CounterGrain>());
        options.ConfigureClient = client => Database.ConfigureClustering(client);
    });

    /// <summary>Orders silo addresses for comparison.</summary>
    private sealed class SiloOrder : IComparer<SiloAddress>
    {
        public static readonly SiloOrder Instance = new();

        public int Compare(SiloAddress? x, SiloAddress? y) => string.CompareOrdinal(x?.ToString(), y?.ToString());
    }
}
