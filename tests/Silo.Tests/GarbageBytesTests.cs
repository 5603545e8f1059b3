using System.Net;
using System.Net.Sockets;
using LstmActors.Grains.Models;
using LstmActors.Grains.Series;

namespace LstmActors.Silo.Tests;

/// <summary>Untrusted bytes on a silo's ports: whatever arrives, the silo keeps serving real clients.</summary>
public sealed class GarbageBytesTests
{
    private static readonly TimeSpan Deadline = SiloExecutable.Deadline;

    /// <summary>What a stranger on the network might send: noise, an absurd frame length, another protocol, a cut-off TLS hello.</summary>
    private static IEnumerable<byte[]> Payloads()
    {
        var random = new Random(20261204);
        var noise = new byte[64 * 1024];
        random.NextBytes(noise);
        yield return noise;
        yield return [0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0x7F, .. noise[..1024]];
        yield return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        yield return "GET /health HTTP/1.1\r\nHost: silo\r\n\r\n"u8.ToArray();
        yield return [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03];
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Garbage_sent_to_the_silo_port_and_the_gateway_port_leaves_the_silo_serving_a_real_client(bool tls)
    {
        using var folder = new TempFolder();
        using var pki = new TestPki();
        using var authority = TestPki.CreateAuthority("Garbage Test CA");
        using var siloCertificate = TestPki.Issue(authority, "silo", "127.0.0.1");
        using var clientCertificate = TestPki.Issue(authority, "client");
        string[] tlsArgs = tls ? ["--tls-certificate", pki.WritePemWithKey("silo.pem", siloCertificate), "--tls-ca", pki.WritePem("ca.pem", authority)] : [];
        var (silo, gateway) = await SiloExecutable.StartJoinedAsync(folder, ["--storage", "memory", .. tlsArgs]);
        await using (silo)
        {
            var siloEndpoint = SiloExecutable.SiloEndpointOf(silo);
            // One stranger stays connected, silent, while the real client works.
            using var idle = new TcpClient();
            await idle.ConnectAsync(gateway);
            foreach (var endpoint in new[] { siloEndpoint, gateway })
            {
                foreach (var payload in Payloads()) await SendAsync(endpoint, payload);
            }

            await using var client = await ClusterClient.ConnectAsync(gateway, tls: tls ? ClusterClient.Tls(clientCertificate, authority) : null);
            var series = client.Grains.GetGrain<ISeriesGrain>("after-garbage");
            for (var t = 0; t < 3; t++)
            {
                var prediction = await series.Observe(BuiltInModels.Tanks.Name, new Tick(t, DateTimeOffset.UnixEpoch.AddMinutes(t), [1.5f + t, 20f]));
                Assert.Equal(t, prediction.Sequence);
                Assert.All(prediction.Values, v => Assert.True(float.IsFinite(v)));
            }
            Assert.False(silo.HasExited, silo.Output);
            Assert.Equal(0, await silo.TerminateAsync(Deadline));
        }
    }

    /// <summary>Connects, writes <paramref name="payload"/> (the silo may close the connection part-way: that is its right), and hangs up.</summary>
    private static async Task SendAsync(IPEndPoint endpoint, byte[] payload)
    {
        using var connection = new TcpClient();
        await connection.ConnectAsync(endpoint);
        try
        {
            await connection.GetStream().WriteAsync(payload);
            await connection.GetStream().FlushAsync();
        }
        catch (IOException)
        {
            // Refused mid-write.
        }
    }
}
