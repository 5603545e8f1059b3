using LstmActors.Runtime;
using Runtime.Tests.Grains;
using Runtime.Tests.Infrastructure;

namespace Runtime.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ActivationTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Concurrent_first_calls_from_client_and_every_silo_reach_one_activation()
    {
        var cluster = fixture.Cluster;
        for (int round = 0; round < 5; round++)
        {
            string key = $"single-{round}-{Guid.NewGuid():N}";
            var factories = new List<IGrainFactory> { cluster.Client };
            factories.AddRange(cluster.Silos.Select(s => s.GrainFactory));
            var calls = Enumerable.Range(0, 150).Select(i => Task.Run(() => factories[i % factories.Count].GetGrain<IIdentityGrain>(key).GetActivationId()));
            var ids = await Task.WhenAll(calls);

            Assert.Single(ids.Distinct());
            Assert.Equal(1, IdentityGrain.Constructions[key]);
            Assert.Equal(1, cluster.Silos.Sum(s => s.Silo.Catalog.Find(key).Count));
        }
    }

    [Fact]
    public async Task Grain_references_are_equal_by_interface_and_key_and_report_their_key()
    {
        var a = fixture.Cluster.Client.GetGrain<IIdentityGrain>("ref-key");
        var b = fixture.Cluster.Client.GetGrain<IIdentityGrain>("ref-key");
        Assert.Equal(a, b);
        Assert.Equal("ref-key", a.GetPrimaryKeyString());
        Assert.Equal("ref-key", await a.GetKey());
    }

    [Fact]
    public async Task Grain_reference_passed_as_argument_is_callable_on_the_other_side()
    {
        var other = fixture.Cluster.Client.GetGrain<IIdentityGrain>("passed-reference");
        string key = await fixture.Cluster.Client.GetGrain<IBehaviourGrain>("caller").CallOther(other);
        Assert.Equal("passed-reference", key);
    }

    [Fact]
    public async Task Failed_activation_fails_the_waiting_calls_and_other_keys_still_work()
    {
        var e = await Assert.ThrowsAsync<RemoteGrainException>(() => fixture.Cluster.Client.GetGrain<IFaultyActivationGrain>("bad-1").Get());
        Assert.Contains("activation refused", e.Message);
        Assert.Equal(1, await fixture.Cluster.Client.GetGrain<IFaultyActivationGrain>("good-1").Get());
        Assert.All(fixture.Cluster.Silos, s => Assert.Empty(s.Silo.Catalog.Find("bad-1")));
    }
}
