using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using LstmActors.Runtime.Configuration;
using LstmActors.Runtime.Invocation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Runtime.Tests.Grains;
using Runtime.Tests.Infrastructure;

namespace Runtime.Tests;

[Collection(ClusterCollection.Name)]
public sealed class BadInputTests(ClusterFixture fixture)
{
    private ClusterOptions Options => fixture.Cluster.Silos[0].Services.GetRequiredService<IOptions<ClusterOptions>>().Value;

    private string ClusterId => Options.ClusterId;

    public static TheoryData<string> Cases => ["http-garbage", "oversized-length", "undersized-length", "wrong-version", "unknown-kind", "request-before-hello", "wrong-cluster", "wrong-secret", "hello-after-handshake", "unknown-interface", "unknown-method", "truncated-arguments", "trailing-bytes"];

    /// <summary>Cases whose payload follows a completed handshake.</summary>
    private static readonly HashSet<string> AfterHandshake = ["unknown-kind", "hello-after-handshake", "unknown-interface", "unknown-method", "truncated-arguments", "trailing-bytes"];

    private byte[] Payload(string name)
    {
        int ping = GrainInterfaceCatalog.Get(typeof(IPingGrain)).Id;
        var behaviour = GrainInterfaceCatalog.Get(typeof(IBehaviourGrain));
        int add = behaviour.Methods.Single(m => m.Method.Name == nameof(IBehaviourGrain.Add)).Index;
        var hello = RawConnection.Hello(ClusterId);
        var oversized = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(oversized, 1 << 30);
        var undersized = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(undersized, 3);
        return name switch
        {
            "http-garbage" => Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: silo\r\n\r\n"),
            "oversized-length" => oversized,
            "undersized-length" => undersized,
            "wrong-version" => RawConnection.Frame(9, 1, 0, [1, 2, 3]),
            "unknown-kind" => RawConnection.Frame(1, 77, 0, []),
            "hello-after-handshake" => hello,
            "request-before-hello" => RawConnection.Request(ping, 0, "k", []),
            "wrong-cluster" => RawConnection.Hello("another-cluster"),
            "wrong-secret" => [],
            "unknown-interface" => RawConnection.Request(0x1234567, 0, "k", []),
            "unknown-method" => RawConnection.Request(ping, 9, "k", []),
            "truncated-arguments" => RawConnection.Request(behaviour.Id, add, "k", [4]),
            "trailing-bytes" => RawConnection.Request(behaviour.Id, add, "k", [2, 4, 99, 99]),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
    }

    private static readonly Dictionary<string, string> Reasons = new()
    {
        ["http-garbage"] = "outside [10,",
        ["oversized-length"] = "frame length 1073741824",
        ["undersized-length"] = "frame length 3",
        ["wrong-version"] = "protocol version 9",
        ["unknown-kind"] = "unknown frame kind 77",
        ["request-before-hello"] = "a Request frame where the handshake expects a Hello frame",
        ["wrong-cluster"] = "cluster id 'another-cluster'",
        ["wrong-secret"] = "did not prove knowledge of the cluster secret",
        ["hello-after-handshake"] = "a Hello frame after the handshake",
        ["unknown-interface"] = "unknown grain interface id 19088743",
        ["unknown-method"] = "has no method 9",
        ["truncated-arguments"] = "Frame truncated",
        ["trailing-bytes"] = "bytes left after the arguments",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Malformed_input_closes_only_that_connection_with_a_logged_reason(string name)
    {
        foreach (var endpoint in new[] { fixture.Cluster.Silos[0].GatewayEndpoint, fixture.Cluster.Silos[1].SiloEndpoint })
        {
            var healthy = fixture.Cluster.Client.GetGrain<IBehaviourGrain>($"healthy-{name}");
            Assert.Equal(3, await healthy.Add(1, 2));
            int logged = fixture.Logs.Count(Reasons[name]);
            using var raw = await RawConnection.ConnectAsync(endpoint);
            if (AfterHandshake.Contains(name)) Assert.True(await raw.HandshakeAsync(ClusterId, Options.Secret!));
            if (name == "wrong-secret") Assert.False(await raw.HandshakeAsync(ClusterId, RandomNumberGenerator.GetBytes(32)));
            var payload = Payload(name);
            if (payload.Length > 0) await raw.SendAsync(payload);

            Assert.True(await raw.ClosedByPeerAsync(TimeSpan.FromSeconds(20)), $"{name}: the silo kept the connection open");
            await fixture.Logs.WaitForAsync(Reasons[name], logged);
            Assert.Equal(7, await healthy.Add(3, 4));
            Assert.All(fixture.Cluster.Silos, s => Assert.True(s.IsActive));
        }
    }

    [Fact]
    public async Task Frame_cut_off_by_the_peer_is_logged_as_truncated_and_the_silo_keeps_serving()
    {
        int logged = fixture.Logs.Count("truncated frame");
        using var raw = await RawConnection.ConnectAsync(fixture.Cluster.Silos[0].GatewayEndpoint);
        var partial = RawConnection.Frame(1, 2, 1, new byte[100])[..40];
        Assert.True(await raw.HandshakeAsync(ClusterId, Options.Secret!));
        await raw.SendAsync(partial);
        raw.ShutdownSend();

        Assert.True(await raw.ClosedByPeerAsync(TimeSpan.FromSeconds(20)));
        await fixture.Logs.WaitForAsync("truncated frame", logged);
        Assert.Equal(11, await fixture.Cluster.Client.GetGrain<IBehaviourGrain>("after-truncation").Add(5, 6));
    }
}
