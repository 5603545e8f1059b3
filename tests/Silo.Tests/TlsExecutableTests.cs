using System.Security.Cryptography.X509Certificates;
using LstmActors.Grains.Models;
using LstmActors.Grains.Series;

namespace LstmActors.Silo.Tests;

/// <summary>The silo executable with mutual TLS: a client with a certificate of the cluster's CA is served, every other client is refused.</summary>
public sealed class TlsExecutableTests
{
    private static readonly TimeSpan Deadline = SiloExecutable.Deadline;

    [Fact]
    public async Task A_client_with_a_certificate_of_the_ca_is_served_and_clients_without_one_or_with_another_cas_are_refused()
    {
        using var folder = new TempFolder();
        using var pki = new TestPki();
        using var authority = TestPki.CreateAuthority("Executable Test CA");
        using var siloCertificate = TestPki.Issue(authority, "silo", "127.0.0.1", "localhost");
        using var clientCertificate = TestPki.Issue(authority, "client");
        using var otherAuthority = TestPki.CreateAuthority("Other CA");
        using var strangerCertificate = TestPki.Issue(otherAuthority, "stranger");
        var pfx = pki.WritePfx("silo.pfx", siloCertificate, "from the environment");
        var ca = pki.WritePem("ca.pem", authority);

        var (silo, gateway) = await SiloExecutable.StartJoinedAsync(folder, ["--storage", "memory", "--tls-certificate", pfx, "--tls-ca", ca],
            new Dictionary<string, string?> { ["LSTMACTORS_TLS_PASSWORD"] = "from the environment" });
        await using (silo)
        {
            // Logged just after the line the start waits for.
            await silo.WaitForLineAsync(l => l.Contains($"Connections use mutual TLS with {pfx}; silos and clients must present a certificate that chains to {ca}"), Deadline);
            Assert.DoesNotContain("not authenticated", silo.Output);

            await using (var trusted = await ClusterClient.ConnectAsync(gateway, tls: ClusterClient.Tls(clientCertificate, authority)))
            {
                var prediction = await trusted.Grains.GetGrain<ISeriesGrain>("tls-tank").Observe(BuiltInModels.Tanks.Name, new Tick(0, DateTimeOffset.UnixEpoch, [1.5f, 20f]));
                Assert.Equal(BuiltInModels.Tanks.PredictedFeatures.Length, prediction.Values.Length);
            }

            await AssertRefusedAsync(silo, ClusterClient.Create(gateway, tls: ClusterClient.Tls(null, authority)));
            await AssertRefusedAsync(silo, ClusterClient.Create(gateway, tls: ClusterClient.Tls(strangerCertificate, authority)));
            await AssertRefusedAsync(silo, ClusterClient.Create(gateway));

            Assert.Equal(0, await silo.TerminateAsync(Deadline));
        }
    }

    /// <summary>The silo logs that it refused the client's handshake, and the client never connects (it would retry forever).</summary>
    private static async Task AssertRefusedAsync(SiloProcess silo, ClusterClient client)
    {
        await using (client)
        {
            int Refusals() => silo.Lines.Count(l => l.Contains("TlsServerConnectionMiddleware", StringComparison.Ordinal));
            var before = Refusals();
            using var stop = new CancellationTokenSource();
            var start = client.StartAsync(stop.Token);
            await Eventually.HoldsAsync(() => Refusals() > before || start.IsCompleted, "the silo refuses the client's TLS handshake", Deadline);
            Assert.False(start.IsCompletedSuccessfully, "a client the silo should have refused connected\n" + silo.Output);
            stop.Cancel();
            await Assert.ThrowsAnyAsync<Exception>(() => start);
        }
    }

    [Fact]
    public async Task Silo_with_a_wrong_pfx_password_exits_1_naming_the_file_and_the_password_file()
    {
        using var folder = new TempFolder();
        using var pki = new TestPki();
        using var leaf = TestPki.SelfSigned("silo", "127.0.0.1");
        var pfx = pki.WritePfx("silo.pfx", leaf, "right");
        var passwordFile = folder.Write("pfx.password", "wrong\n");

        await using var silo = SiloExecutable.Start(folder, ["--tls-certificate", pfx, "--tls-password-file", passwordFile]);

        Assert.Equal(1, await silo.WaitForExitAsync(Deadline));
        Assert.StartsWith($"error: LstmActors:TlsCertificate: cannot open PKCS#12 file '{pfx}' with the password from '{passwordFile}'", Assert.Single(silo.Lines));
    }

    [Fact]
    public async Task Silo_refuses_a_tls_password_on_the_command_line()
    {
        using var folder = new TempFolder();
        await using var silo = SiloExecutable.Start(folder, ["--tls-password", "hunter2"]);
        Assert.Equal(1, await silo.WaitForExitAsync(Deadline));
        Assert.Contains("never taken from the command line", silo.Output);
        Assert.DoesNotContain("hunter2", silo.Output);
    }
}
