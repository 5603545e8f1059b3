using LstmActors.Runtime.Configuration;
using LstmActors.Runtime.Hosting;
using LstmActors.Runtime.Persistence;
using Runtime.Tests.Grains;
using Runtime.Tests.Infrastructure;

namespace Runtime.Tests;

[Collection(ClusterCollection.Name)]
public sealed class MessagingTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Large_weight_vectors_and_records_cross_the_wire_intact()
    {
        var grain = fixture.Cluster.Client.GetGrain<IBehaviourGrain>("echo");
        var weights = Enumerable.Range(0, 1_000_000).Select(i => i * 0.5f - 3f).ToArray();
        Assert.Equal(weights, await grain.Echo(weights));

        var sample = new Sample("s", [1f, float.NaN], DateTimeOffset.UnixEpoch, null);
        var echoed = await grain.EchoSample(sample);
        Assert.Equal("s!", echoed.Name);
        Assert.Equal(sample.Values, echoed.Values);
        Assert.Null(echoed.Label);
    }

    [Fact]
    public async Task Calls_inside_one_silo_pass_arguments_by_reference_and_remote_calls_copy()
    {
        const string key = "by-reference";
        var values = new float[] { 1, 2, 3 };
        await fixture.Cluster.Client.GetGrain<IBehaviourGrain>(key).Add(0, 0);
        var host = fixture.Cluster.Silos.Single(s => s.Silo.Catalog.Find(key).Count == 1);
        var other = fixture.Cluster.Silos.First(s => s != host);

        Assert.Same(values, await host.GrainFactory.GetGrain<IBehaviourGrain>(key).Echo(values));
        var copied = await other.GrainFactory.GetGrain<IBehaviourGrain>(key).Echo(values);
        Assert.NotSame(values, copied);
        Assert.Equal(values, copied);
    }

    [Fact]
    public async Task Many_concurrent_calls_over_shared_connections_all_correlate()
    {
        var silos = fixture.Cluster.Silos;
        var calls = Enumerable.Range(0, 2000).Select(async i =>
        {
            var factory = i % 2 == 0 ? fixture.Cluster.Client : silos[i % silos.Count].GrainFactory;
            return (i, await factory.GetGrain<IBehaviourGrain>($"adder-{i % 13}").Add(i, 1));
        });
        foreach (var (i, sum) in await Task.WhenAll(calls)) Assert.Equal(i + 1, sum);
    }

    [Fact]
    public async Task Frame_larger_than_the_maximum_fails_that_call_and_the_connection_keeps_working()
    {
        var logs = new LogCapture();
        await using var cluster = await ClusterFixture.StartAsync(new InMemoryGrainStorage(), logs, options =>
        {
            options.InitialSilosCount = 1;
            options.ConfigureClient = client => client.Configure<MessagingOptions>(o => o.MaxFrameSize = 64 * 1024);
        });
        var grain = cluster.Client.GetGrain<IBehaviourGrain>("big");
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Echo(new float[100_000]));
        Assert.Contains("exceeds MaxFrameSize 65536", e.Message);
        Assert.Equal(new float[10], await grain.Echo(new float[10]));
    }
}
