using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using LstmActors.Cluster.Tests.Postgres;
using LstmActors.Grains.Models;
using LstmActors.Grains.Series;
using LstmActors.Silo.Health;
using LstmActors.Silo.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.Hosting;

namespace LstmActors.Cluster.Tests.Deploy;

/// <summary>deploy/local/start.sh and stop.sh as documented, with the real lstmactors-silo and the TLS files start.sh makes.</summary>
public sealed partial class LocalScriptTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(180);

    [PostgresFact]
    public async Task StartShStartsSilosThatServeAClientWithThePrintedTlsFilesRefuseOneWithoutACertificateAndStopShStopsThemAll()
    {
        await using var schema = await ClusterSchema.CreateAsync();
        var clusterId = $"deploy-{Guid.NewGuid():N}";
        // Below Linux's ephemeral range (32768+), which every other test's port-0 listeners and outgoing connections draw from.
        var basePort = Random.Shared.Next(14000, 32768 - 300);
        await using var scripts = new LocalScripts(Path.Combine(Path.GetTempPath(), $"lstmactors-deploy-{Guid.NewGuid():N}"),
            new Dictionary<string, string> { [ClusterSchema.Variable] = schema.ConnectionString });

        var (started, output) = await scripts.RunAsync("start.sh", ["-n", "2", "--base-port", $"{basePort}", "--cluster-id", clusterId,
            "--run-dir", scripts.RunDir, "--silo-dll", Path.Combine(AppContext.BaseDirectory, "lstmactors-silo.dll")], Bound);
        Assert.True(started == 0, $"start.sh exited with {started}:\n{output}");
        var gateways = $"127.0.0.1:{basePort + 100},127.0.0.1:{basePort + 101}";
        Assert.Contains($"gateways: {gateways}", output);
        Assert.Equal(gateways, File.ReadAllText(Path.Combine(scripts.RunDir, "gateways")).Trim());
        var pids = scripts.SiloProcessIds();
        Assert.Equal(2, pids.Count);

        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) })
        {
            foreach (var port in new[] { basePort + 200, basePort + 201 })
            {
                var report = await http.GetFromJsonAsync<SiloHealthReport>($"http://127.0.0.1:{port}/health/ready", JsonSerializerOptions.Web);
                Assert.True(report!.Ready);
                Assert.Equal(2, report.Silos.Count(s => s.Status == "Active"));
                // start.sh prints each silo's live page, and it answers.
                Assert.Contains($"web: http://127.0.0.1:{port}/ ", output);
                using var page = await http.GetAsync($"http://127.0.0.1:{port}/");
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            }
        }

        // The client flags start.sh prints, used as a client application would.
        var flags = ClientFlags().Match(output);
        Assert.True(flags.Success, $"start.sh printed no client flags:\n{output}");
        Assert.Equal(gateways, flags.Groups["gateways"].Value);
        Assert.Equal(clusterId, flags.Groups["cluster"].Value);
        using var authority = X509Certificate2.CreateFromPem(File.ReadAllText(flags.Groups["ca"].Value));
        using (var certificate = X509Certificate2.CreateFromPemFile(flags.Groups["certificate"].Value))
        using (var host = Client(gateways, clusterId, certificate, authority))
        {
            using var deadline = new CancellationTokenSource(Bound);
            await host.StartAsync(deadline.Token);
            var grains = host.Services.GetRequiredService<IClusterClient>();
            var series = Enumerable.Range(0, 20).Select(i => grains.GetGrain<ISeriesGrain>($"tank-{i}")).ToArray();
            for (int t = 0; t < 3; t++)
            {
                var predictions = await Task.WhenAll(series.Select((s, i) => s.Observe(BuiltInModels.Tanks.Name, new Tick(t, DateTimeOffset.UnixEpoch.AddMinutes(t), [1.5f + i + t, 20f]))));
                Assert.All(predictions, p => Assert.True(p.Values.Length == BuiltInModels.Tanks.PredictedFeatures.Length && p.Values.All(float.IsFinite), $"{p.SeriesId}: [{string.Join(", ", p.Values)}]"));
            }
            var statuses = await Task.WhenAll(series.Select(s => s.Status()));
            Assert.All(statuses, s => Assert.Equal(3, s.TicksSeen));
            await host.StopAsync();
        }

        // A client that shows no certificate never connects: every silo refuses its handshake (and it keeps trying).
        int Refusals(string log) => File.ReadLines(log).Count(l => l.Contains("TlsServerConnectionMiddleware", StringComparison.Ordinal));
        var logs = Directory.GetFiles(scripts.RunDir, "silo-*.log");
        var refusedBefore = logs.ToDictionary(log => log, Refusals);
        using (var stranger = Client(gateways, clusterId, certificate: null, authority))
        {
            using var giveUp = new CancellationTokenSource(Bound);
            var connecting = stranger.StartAsync(giveUp.Token);
            await Eventually.HoldsAsync(() => connecting.IsCompleted || logs.All(log => Refusals(log) > refusedBefore[log]),
                "every silo logs a refused TLS handshake from the client without a certificate", Bound);
            Assert.False(connecting.IsCompleted, "The client without a certificate connected (or gave up) instead of being refused.");
            await giveUp.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connecting);
        }

        var (stopped, stopOutput) = await scripts.RunAsync("stop.sh", ["--run-dir", scripts.RunDir], Bound);
        Assert.True(stopped == 0, $"stop.sh exited with {stopped}:\n{stopOutput}");
        Assert.Empty(scripts.SiloProcessIds());
        Assert.All(pids, pid => Assert.False(LocalScripts.IsRunning(pid), $"silo process {pid} is still running after stop.sh"));
        Assert.All(new[] { 0, 1 }, i => Assert.Contains($"silo-{i} (pid {pids[i]}) stopped", stopOutput));
    }

    /// <summary>An Orleans client of <paramref name="gateways"/> with Orleans' TLS: shows <paramref name="certificate"/> (or none) and accepts silos whose certificate chains to <paramref name="authority"/>.</summary>
    private static IHost Client(string gateways, string clusterId, X509Certificate2? certificate, X509Certificate2 authority)
    {
        var policy = new PeerCertificatePolicy([authority], []);
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(gateways.Split(',').Select(IPEndPoint.Parse).ToArray());
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = "lstmactors";
            });
            client.UseTls(o =>
            {
                o.LocalCertificate = certificate;
                o.ClientCertificateMode = certificate is null ? RemoteCertificateMode.NoCertificate : RemoteCertificateMode.RequireCertificate;
                o.RemoteCertificateValidation = (presented, chain, _) => policy.Accepts(presented, chain);
            });
        });
        return builder.Build();
    }

    [GeneratedRegex(@"client flags: --gateway (?<gateways>\S+) --cluster-id (?<cluster>\S+) --tls-ca (?<ca>\S+) --tls-certificate (?<certificate>\S+)")]
    private static partial Regex ClientFlags();
}
