using System.Net;
using System.Text.Json;
using LstmActors.Grains.Models;
using LstmActors.Grains.Series;
using LstmActors.Grains.Training;

namespace LstmActors.Silo.Tests;

/// <summary>The silo executable as a real process: its settings, its default SQLite storage, its health endpoint, its garbage collector.</summary>
public sealed class SiloExecutableTests
{
    private static readonly TimeSpan Deadline = SiloExecutable.Deadline;

    private static Tick TankTick(long sequence) => new(sequence, DateTimeOffset.UnixEpoch.AddMinutes(sequence), [1.5f + 0.1f * sequence, 20f - 0.05f * sequence]);

    [Fact]
    public async Task Help_lists_the_options_and_exits_0()
    {
        using var folder = new TempFolder();
        await using var silo = SiloExecutable.Start(folder, ["--help"]);
        Assert.Equal(0, await silo.WaitForExitAsync(Deadline));
        Assert.Contains("--tls-certificate", silo.Output);
        Assert.Contains("--membership <store>      localhost (this silo alone) | postgres:<connection string>", silo.Output);
    }

    [Theory]
    [InlineData("LstmActors:Membership: Orleans has no SQLite clustering", "--membership", "sqlite:cluster.db")]
    [InlineData("LstmActors:GatewayPort: '70000' is not a port number", "--gateway-port", "70000")]
    [InlineData("LstmActors:Host: 'example.org' is not an IP address", "--host", "example.org")]
    [InlineData("unknown option '--wrong'", "--wrong", "1")]
    [InlineData("LstmActors:HttpBind: 'everywhere' is not an IP address", "--http-port", "0", "--http-bind", "everywhere")]
    [InlineData("LstmActors:HttpTokenFile: cannot read '/nonexistent/token'", "--http-port", "0", "--http-token-file", "/nonexistent/token")]
    public async Task A_bad_setting_exits_1_with_one_line_naming_it(string expected, params string[] args)
    {
        using var folder = new TempFolder();
        await using var silo = SiloExecutable.Start(folder, args);
        Assert.Equal(1, await silo.WaitForExitAsync(Deadline));
        Assert.StartsWith($"error: {expected}", Assert.Single(silo.Lines));
    }

    [Fact]
    public async Task A_model_that_is_neither_built_in_nor_given_a_file_stops_the_started_silo_with_exit_1_naming_the_setting()
    {
        using var folder = new TempFolder();
        await using var silo = SiloExecutable.Start(folder, ["--silo-port", "0", "--gateway-port", "0", "--storage", "memory", "--models", "stocks,nosuch"]);
        Assert.Equal(1, await silo.WaitForExitAsync(Deadline));
        Assert.StartsWith("error: LstmActors:Models: model 'nosuch' is neither built in (stocks, tanks) nor given a model file", silo.Lines[^1]);
    }

    [Theory]
    [InlineData("--secret-file", null, null)]
    [InlineData(null, "LSTMACTORS_SECRET", "0123456789abcdef0123456789")]
    [InlineData(null, "LSTMACTORS__SECRETFILE", "/etc/lstmactors/secret")]
    public async Task The_cluster_secret_in_any_form_exits_1_pointing_to_the_tls_settings(string? option, string? variable, string? value)
    {
        using var folder = new TempFolder();
        var secret = folder.Write("secret", "0123456789abcdef0123456789\n");
        await using var silo = SiloExecutable.Start(folder, option is null ? [] : [option, secret],
            variable is null ? null : new Dictionary<string, string?> { [variable] = value });
        Assert.Equal(1, await silo.WaitForExitAsync(Deadline));
        var line = Assert.Single(silo.Lines);
        Assert.Contains("the cluster secret is gone", line);
        Assert.Contains("--tls-certificate", line);
        Assert.Contains("--tls-ca", line);
        Assert.DoesNotContain("0123456789abcdef", line);
    }

    [Fact]
    public async Task A_database_the_silo_cannot_reach_stops_it_with_exit_2_naming_the_database_without_its_password()
    {
        using var folder = new TempFolder();
        using var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await using var silo = SiloExecutable.Start(folder, ["--silo-port", "0", "--gateway-port", "0",
            "--storage", $"postgres:Host=127.0.0.1;Port={port};Username=lstmactors;Password=hunter2;Database=lstmactors;Timeout=3"]);
        Assert.Equal(2, await silo.WaitForExitAsync(Deadline));
        Assert.StartsWith($"error: the silo stopped: InvalidOperationException: cannot prepare Orleans' tables in postgres:Host=127.0.0.1;Port={port};Username=lstmactors;Password=***;", silo.Lines[^1]);
        Assert.DoesNotContain("hunter2", silo.Output);
    }

    [Fact]
    public async Task Silo_runs_the_garbage_collector_its_tick_latency_was_measured_with_unless_the_environment_overrides_it()
    {
        using var folder = new TempFolder();
        await using (var silo = SiloExecutable.Start(folder, ["--silo-port", "0", "--gateway-port", "0", "--storage", "memory"]))
        {
            var line = await silo.WaitForLineAsync(l => l.Contains("Garbage collector:"), Deadline);
            Assert.Contains("server", line);
            Assert.Contains("dynamic adaptation off", line);
            Assert.Contains("gen0 budget at most 12 MB per heap", line);
        }

        // An operator's environment wins over the executable's settings, and the silo says what it got.
        await using var overridden = SiloExecutable.Start(folder, ["--silo-port", "0", "--gateway-port", "0", "--storage", "memory"],
            new Dictionary<string, string?> { ["DOTNET_GCGen0MaxBudget"] = "0x400000", ["DOTNET_GCDynamicAdaptationMode"] = "1" });
        var changed = await overridden.WaitForLineAsync(l => l.Contains("Garbage collector:"), Deadline);
        Assert.Contains("dynamic adaptation on", changed);
        Assert.Contains("gen0 budget at most 4 MB per heap", changed);
    }

    [Fact]
    public async Task With_default_storage_a_series_keeps_its_state_in_a_sqlite_file_across_a_kill_and_a_graceful_restart()
    {
        using var folder = new TempFolder();
        var (first, gateway) = await SiloExecutable.StartJoinedAsync(folder, []);
        await using (first)
        {
            Assert.Contains($"grain storage sqlite:{folder.File("lstmactors-silo.db")}", first.Output);
            // Logged just after the line the start waits for.
            await first.WaitForLineAsync(l => l.Contains("No TLS certificate (--tls-certificate, --tls-ca): connections are not authenticated"), Deadline);
            await using var client = await ClusterClient.ConnectAsync(gateway);
            var series = client.Grains.GetGrain<ISeriesGrain>("tank-a");
            for (var t = 0; t < 5; t++) Assert.False((await series.Observe(BuiltInModels.Tanks.Name, TankTick(t))).Duplicate);
            // Every acknowledged tick is written (PersistEveryTicks 1): a crash loses none of them.
            await first.KillAsync(Deadline);
        }
        Assert.True(File.Exists(folder.File("lstmactors-silo.db")));

        var (second, secondGateway) = await SiloExecutable.StartJoinedAsync(folder, []);
        await using (second)
        {
            await using var client = await ClusterClient.ConnectAsync(secondGateway);
            var series = client.Grains.GetGrain<ISeriesGrain>("tank-a");
            var status = await series.Status();
            Assert.Equal(5, status.TicksSeen);
            Assert.Equal(4, status.LastSequence);
            Assert.True((await series.Observe(BuiltInModels.Tanks.Name, TankTick(4))).Duplicate);
            for (var t = 5; t < 8; t++) Assert.False((await series.Observe(BuiltInModels.Tanks.Name, TankTick(t))).Duplicate);
            await client.DisposeAsync();
            Assert.Equal(0, await second.TerminateAsync(Deadline));
            Assert.Contains("stopping: grains deactivate and save their state", second.Output);
        }

        var (third, thirdGateway) = await SiloExecutable.StartJoinedAsync(folder, ["--persist-every", "1"]);
        await using (third)
        {
            // The tables were there: nothing was created again.
            Assert.DoesNotContain("Created Orleans' tables", third.Output);
            await using var client = await ClusterClient.ConnectAsync(thirdGateway);
            var status = await client.Grains.GetGrain<ISeriesGrain>("tank-a").Status();
            Assert.Equal(8, status.TicksSeen);
            Assert.Equal(7, status.LastSequence);
        }
    }

    [Fact]
    public async Task Silo_serves_its_models_answers_health_probes_with_orleans_membership_and_stops_cleanly_on_sigterm()
    {
        using var folder = new TempFolder();
        var clusterId = $"proc-{Guid.NewGuid():N}"[..16];
        // A model file as 'lstmactors fit' writes it.
        var definition = ModelDefinition.ForFeatures("waves", "waves", ["level", "flow"]);
        new FittedModelFile(definition, ModelNetwork.InitialWeights(definition).Select(w => 0.5f * w).ToArray()).Save(folder.File("waves.lstm"));
        var (silo, gateway) = await SiloExecutable.StartJoinedAsync(folder, ["--cluster-id", clusterId, "--storage", "memory",
            "--models", $"waves={folder.File("waves.lstm")},stocks", "--health-port", "0"]);
        await using (silo)
        {
            Assert.Contains($"Joined cluster {clusterId} with 1 active silo(s); membership localhost, grain storage memory", silo.Output);
            await silo.WaitForLineAsync(l => l.Contains("Serving model waves from"), Deadline);
            var health = await SiloExecutable.HealthUrlOfAsync(silo);

            await using (var client = await ClusterClient.ConnectAsync(gateway, clusterId))
            {
                Assert.Equal(["level", "flow"], (await client.Grains.GetGrain<IModelGrain>("waves").FindDefinition())!.Features);
                Assert.NotNull(await client.Grains.GetGrain<IModelGrain>("stocks").FindDefinition());
                var prediction = await client.Grains.GetGrain<ISeriesGrain>("w1").Observe("waves", new Tick(0, DateTimeOffset.UnixEpoch, [1f, 2f]));
                Assert.Equal(2, prediction.Values.Length);
            }

            using var http = new HttpClient { Timeout = Deadline };
            Assert.Equal("live\n", await http.GetStringAsync(new Uri(health, "/health/live")));
            var ready = await http.GetAsync(new Uri(health, "/health/ready"));
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            using var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
            var root = report.RootElement;
            Assert.True(root.GetProperty("ready").GetBoolean());
            Assert.Equal("Active", root.GetProperty("status").GetString());
            var self = root.GetProperty("silo").GetString();
            var member = Assert.Single(root.GetProperty("silos").EnumerateArray());
            Assert.Equal(self, member.GetProperty("silo").GetString());
            Assert.Equal("Active", member.GetProperty("status").GetString());
            Assert.StartsWith($"{SiloExecutable.SiloEndpointOf(silo)}@", self);
            var activations = root.GetProperty("activations").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
            Assert.Contains(activations, a => a.Key.Contains("SeriesGrain", StringComparison.Ordinal) && a.Value == 1);
            Assert.Contains(activations, a => a.Key.Contains("ModelGrain", StringComparison.Ordinal) && a.Value >= 2);

            Assert.Equal(0, await silo.TerminateAsync(Deadline));
        }
    }
}
