using System.Net;
using System.Net.Http.Json;
using LstmActors.Cluster.Tests.Postgres;
using LstmActors.Grains.Models;
using LstmActors.Grains.Series;
using LstmActors.Runtime;
using LstmActors.Runtime.Configuration;
using LstmActors.Runtime.Hosting;
using LstmActors.Silo.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LstmActors.Cluster.Tests.Deploy;

/// <summary>deploy/local/start.sh and stop.sh as documented, with the real lstmactors-silo.</summary>
public sealed class LocalScriptTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(180);

    [PostgresFact]
    public async Task StartShStartsSilosThatServeSeriesThroughThePrintedGatewaysAndStopShStopsThemAll()
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
                var report = await http.GetFromJsonAsync<SiloHealthReport>($"http://127.0.0.1:{port}/health/ready");
                Assert.True(report!.Ready);
                Assert.Equal(2, report.Silos.Count(s => s.Status == "Active"));
            }
        }

        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseLstmActorsClient(client => client
            .UseGateways(gateways.Split(',').Select(IPEndPoint.Parse).ToArray())
            .UseClusterSecretFile(Path.Combine(scripts.RunDir, "secret"))
            .Configure<ClusterOptions>(o => o.ClusterId = clusterId));
        using (var host = builder.Build())
        {
            await host.StartAsync();
            var grains = host.Services.GetRequiredService<IClusterClient>();
            for (int i = 0; i < 20; i++)
            {
                var prediction = await grains.GetGrain<ISeriesGrain>($"tank-{i}").Observe(BuiltInModels.Tanks.Name, new Tick(0, DateTimeOffset.UnixEpoch, [1.5f + i, 20f]));
                Assert.Equal(BuiltInModels.Tanks.PredictedFeatures.Length, prediction.Values.Length);
                Assert.All(prediction.Values, v => Assert.True(float.IsFinite(v)));
            }
            await host.StopAsync();
        }

        var (stopped, stopOutput) = await scripts.RunAsync("stop.sh", ["--run-dir", scripts.RunDir], Bound);
        Assert.True(stopped == 0, $"stop.sh exited with {stopped}:\n{stopOutput}");
        Assert.Empty(scripts.SiloProcessIds());
        Assert.All(pids, pid => Assert.False(LocalScripts.IsRunning(pid), $"silo process {pid} is still running after stop.sh"));
        Assert.All(new[] { 0, 1 }, i => Assert.Contains($"silo-{i} (pid {pids[i]}) stopped", stopOutput));
    }
}
