using LstmActors.Runtime;
using Runtime.Tests.Grains;
using Runtime.Tests.Infrastructure;

namespace Runtime.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ExceptionTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Exception_reaches_an_external_caller_with_type_name_message_and_stack()
    {
        var grain = fixture.Cluster.Client.GetGrain<IBehaviourGrain>("thrower");
        var e = await Assert.ThrowsAsync<RemoteGrainException>(() => grain.Throw("bad input x"));
        Assert.Equal(typeof(ArgumentException).FullName, e.OriginalTypeName);
        Assert.Equal("bad input x", e.OriginalMessage);
        Assert.Contains(nameof(BehaviourGrain.Throw), e.RemoteStackTrace);
        // The grain still answers after throwing.
        Assert.Equal(5, await grain.Add(2, 3));
    }

    [Fact]
    public async Task Exception_reaches_a_caller_in_the_same_silo_as_the_original_exception()
    {
        foreach (var silo in fixture.Cluster.Silos)
        {
            string key = $"local-thrower-{silo.Name}";
            var grain = silo.GrainFactory.GetGrain<IBehaviourGrain>(key);
            await grain.Add(1, 1);
            var hostingSilo = fixture.Cluster.Silos.Single(s => s.Silo.Catalog.Find(key).Count == 1);
            var e = await Record.ExceptionAsync(() => grain.Throw("local"));
            if (hostingSilo == silo) Assert.IsType<ArgumentException>(e);
            else Assert.Equal(typeof(ArgumentException).FullName, Assert.IsType<RemoteGrainException>(e).OriginalTypeName);
            Assert.Contains("local", e!.Message);
        }
    }
}
