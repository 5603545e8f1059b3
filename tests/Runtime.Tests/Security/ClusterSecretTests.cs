using System.Net;
using System.Security.Cryptography;
using LstmActors.Runtime;
using LstmActors.Runtime.Configuration;
using LstmActors.Runtime.Hosting;
using LstmActors.Runtime.Membership;
using LstmActors.Runtime.Persistence;
using LstmActors.Runtime.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Runtime.Tests.Grains;
using Runtime.Tests.Infrastructure;

namespace Runtime.Tests.Security;

public sealed class ClusterSecretTests : IAsyncLifetime
{
    private readonly LogCapture _logs = new();
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
        => _cluster = await ClusterFixture.StartAsync(new InMemoryGrainStorage(), _logs, options =>
        {
            options.ConfigureSilo = options.ConfigureSilo + (silo => silo.Configure<MessagingOptions>(o => o.HandshakeTimeout = TimeSpan.FromSeconds(2)));
        });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private byte[] Secret => _cluster.Silos[0].Services.GetRequiredService<IOptions<ClusterOptions>>().Value.Secret!;

    private string ClusterId => _cluster.Silos[0].Services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId;

    /// <summary>An external client host on one gateway, with its own cluster id and secret (null: development mode).</summary>
    private async Task<IHost> StartClientAsync(IPEndPoint gateway, byte[]? secret)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseLstmActorsClient(client =>
        {
            client.UseGateways(gateway).Configure<ClusterOptions>(o => o.ClusterId = ClusterId);
            if (secret is not null) client.UseClusterSecret(secret);
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    [Fact]
    public async Task Client_with_the_right_secret_calls_and_no_secret_bytes_cross_the_wire()
    {
        using var proxy = new RecordingProxy(_cluster.Silos[0].GatewayEndpoint);
        using var client = await StartClientAsync(proxy.Endpoint, Secret);

        var grain = client.Services.GetRequiredService<IClusterClient>().GetGrain<IBehaviourGrain>("through-proxy");
        Assert.Equal(5, await grain.Add(2, 3));

        var (sent, received) = proxy.Recorded;
        // Hello (cluster id, role, 32-byte nonce), challenge, two 32-byte proofs, then the call and its answer went through.
        Assert.True(sent.Length > 2 * 32 && received.Length > 2 * 32, $"captured {sent.Length} bytes sent, {received.Length} received");
        Assert.True(Contains(sent, System.Text.Encoding.UTF8.GetBytes(ClusterId)), "the hello carries the cluster id");
        foreach (int window in new[] { Secret.Length, 16, 8 })
        {
            for (int at = 0; at + window <= Secret.Length; at++)
            {
                var piece = Secret.AsSpan(at, window).ToArray();
                Assert.False(Contains(sent, piece), $"{window} secret bytes at {at} were sent");
                Assert.False(Contains(received, piece), $"{window} secret bytes at {at} were received");
            }
        }
    }

    [Fact]
    public async Task Client_with_a_wrong_or_missing_secret_cannot_call_and_the_silo_logs_who_it_refused()
    {
        foreach (var secret in new[] { RandomNumberGenerator.GetBytes(32), null })
        {
            int refused = _logs.Count("did not prove knowledge of the cluster secret");
            using var client = await StartClientAsync(_cluster.Silos[0].GatewayEndpoint, secret);
            var grain = client.Services.GetRequiredService<IClusterClient>().GetGrain<IBehaviourGrain>("refused");

            var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => grain.Add(1, 1).AsTask());
            Assert.Contains("handshake failed", error.Message);
            Assert.Contains("cluster secret", error.Message);
            await _logs.WaitForAsync("did not prove knowledge of the cluster secret", refused);
            Assert.Contains(_logs.Lines, l => l.Contains("did not prove knowledge") && l.Contains($"gateway 127.0.0.1:"));
        }
        Assert.Equal(9, await _cluster.Client.GetGrain<IBehaviourGrain>("still-served").Add(4, 5));
    }

    [Fact]
    public async Task Silo_with_a_wrong_secret_cannot_join()
    {
        var before = _cluster.Silos.Select(s => s.SiloAddress).ToHashSet();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => _cluster.StartAdditionalSiloAsync(silo => silo.UseClusterSecret(RandomNumberGenerator.GetBytes(32))));

        Assert.Contains("could not reach any of the active silos", error.Message);
        var table = await _cluster.MembershipTable.ReadAllAsync();
        var intruder = table.Rows.Single(r => !before.Contains(r.Entry.Silo)).Entry;
        Assert.Equal(SiloStatus.Dead, intruder.Status);
        Assert.All(_cluster.Silos, s => Assert.DoesNotContain(intruder.Silo, s.Silo.Membership.View.Silos));
        Assert.True(_logs.Count("did not prove knowledge of the cluster secret") > 0);
        Assert.Equal(3, await _cluster.Client.GetGrain<IBehaviourGrain>("after-intruder").Add(1, 2));
    }

    [Fact]
    public async Task Silo_with_a_wrong_secret_that_skips_the_join_check_cannot_call_and_is_voted_dead()
    {
        var good = _cluster.Silos.ToArray();
        var intruder = await _cluster.StartAdditionalSiloAsync(
            silo => silo.UseClusterSecret(RandomNumberGenerator.GetBytes(32)).Configure<ClusterMembershipOptions>(o => o.ValidateInitialConnectivity = false),
            waitForLiveness: false);

        // Grains the intruder does not host itself are out of its reach: every such call is refused.
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            try
            {
                await intruder.GrainFactory.GetGrain<IIdentityGrain>($"intruder-call-{i}").GetActivationId();
                return (Failed: false, Hosted: intruder.Silo.Catalog.Find($"intruder-call-{i}").Count == 1, Message: "");
            }
            catch (SiloUnavailableException e)
            {
                return (Failed: true, Hosted: false, e.Message);
            }
        }));
        Assert.All(results, r => Assert.True(r.Failed || r.Hosted, "a call from the intruder reached another silo"));
        Assert.Contains(results, r => r.Failed);

        await intruder.Silo.Stopped.WaitAsync(TimeSpan.FromSeconds(30));
        await _cluster.WaitForLivenessToStabilizeAsync();
        var row = (await _cluster.MembershipTable.ReadAllAsync()).Rows.Single(r => r.Entry.Silo.Equals(intruder.SiloAddress)).Entry;
        Assert.Equal(SiloStatus.Dead, row.Status);
        Assert.Equal(good.Select(s => s.SiloAddress).ToHashSet(), row.Suspicions.Select(v => v.Voter).ToHashSet());
        Assert.Equal(7, await _cluster.Client.GetGrain<IBehaviourGrain>("after-voted-out").Add(3, 4));
    }

    [Fact]
    public async Task Silent_peer_is_cut_off_at_the_handshake_deadline_and_the_silo_keeps_serving()
    {
        int logged = _logs.Count("no complete handshake within");
        using var raw = await RawConnection.ConnectAsync(_cluster.Silos[0].SiloEndpoint);

        Assert.True(await raw.ClosedByPeerAsync(TimeSpan.FromSeconds(30)), "the silo kept a silent connection open");
        await _logs.WaitForAsync("no complete handshake within", logged);
        Assert.Equal(2, await _cluster.Client.GetGrain<IBehaviourGrain>("after-silence").Add(1, 1));
    }

    [Fact]
    public async Task Raw_client_with_the_secret_completes_the_handshake_and_garbage_instead_is_cut_off()
    {
        using (var raw = await RawConnection.ConnectAsync(_cluster.Silos[1].GatewayEndpoint))
            Assert.True(await raw.HandshakeAsync(ClusterId, Secret));
        using (var garbage = await RawConnection.ConnectAsync(_cluster.Silos[1].GatewayEndpoint))
        {
            await garbage.SendAsync(RandomNumberGenerator.GetBytes(64));
            Assert.True(await garbage.ClosedByPeerAsync(TimeSpan.FromSeconds(20)));
        }
        Assert.Equal(4, await _cluster.Client.GetGrain<IBehaviourGrain>("after-garbage").Add(2, 2));
    }
}
