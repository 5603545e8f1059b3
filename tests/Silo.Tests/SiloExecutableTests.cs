using System.Text.Json;
using System.Text.RegularExpressions;
using LstmActors.Grains.Models;
using LstmActors.Grains.Training;

namespace LstmActors.Client.Tests;

public sealed partial class SiloExecutableTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [GeneratedRegex(@"gateway (?<host>[0-9.]+):(?<port>\d+)")]
    internal static partial Regex GatewayPattern();

    [GeneratedRegex(@"listening on (?<url>http://[0-9.]+:\d+)/health")]
    private static partial Regex HealthPattern();

    /// <summary>The Silo project's executable (built next to the tests), run in <paramref name="folder"/>, with no cluster secret inherited from the test process.</summary>
    internal static SiloProcess StartSilo(TempFolder folder, params string[] args) =>
        SiloProcess.Start("silo", Path.Combine(AppContext.BaseDirectory, "lstmactors-silo.dll"), args, new Dictionary<string, string?> { ["LSTMACTORS_SECRET"] = null }, folder.Path);

    [Fact]
    public async Task Silo_runs_the_garbage_collector_its_tick_latency_was_measured_with_unless_the_environment_overrides_it()
    {
        using var folder = new TempFolder();
        await using (var silo = StartSilo(folder, "--silo-port", "0", "--gateway-port", "0"))
        {
            var line = await silo.WaitForLineAsync(l => l.Contains("Garbage collector:"), Deadline);
            Assert.Contains("server", line);
            Assert.Contains("dynamic adaptation off", line);
            Assert.Contains("gen0 budget at most 12 MB per heap", line);
        }

        // An operator's environment wins over the executable's settings, and the silo says what it got.
        await using var overridden = SiloProcess.Start("silo", Path.Combine(AppContext.BaseDirectory, "lstmactors-silo.dll"), ["--silo-port", "0", "--gateway-port", "0"],
            new Dictionary<string, string?> { ["LSTMACTORS_SECRET"] = null, ["DOTNET_GCGen0MaxBudget"] = "0x400000", ["DOTNET_GCDynamicAdaptationMode"] = "1" }, folder.Path);
        var changed = await overridden.WaitForLineAsync(l => l.Contains("Garbage collector:"), Deadline);
        Assert.Contains("dynamic adaptation on", changed);
        Assert.Contains("gen0 budget at most 4 MB per heap", changed);
    }

    [Fact]
    public async Task Silo_prints_its_endpoints_serves_a_client_and_stops_cleanly_on_sigterm()
    {
        using var folder = new TempFolder();
        var clusterId = $"proc-{Guid.NewGuid():N}"[..16];
        // A model file as 'lstmactors fit' writes it, with weights the cluster could not have made itself.
        var definition = ModelDefinition.ForFeatures("waves", "waves", ["level", "flow"]);
        var weights = ModelNetwork.InitialWeights(definition).Select(w => 0.5f * w).ToArray();
        new FittedModelFile(definition, weights).Save(folder.File("waves.lstm"));
        var secret = folder.Write("cluster.secret", Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)) + "\n");
        await using var silo = StartSilo(folder, "--cluster-id", clusterId, "--silo-port", "0", "--gateway-port", "0", "--secret-file", secret,
            "--membership", $"sqlite:{folder.File("cluster.db")}", "--storage", $"sqlite:{folder.File("state.db")}",
            "--models", $"waves={folder.File("waves.lstm")},stocks", "--health-port", "0");

        var listening = await silo.WaitForLineAsync(l => l.Contains("listening:"), Deadline);
        var joined = await silo.WaitForLineAsync(l => l.Contains("Joined cluster"), Deadline);
        Assert.Contains(clusterId, joined);
        Assert.Contains($"sqlite:{folder.File("cluster.db")}", joined);
        var gateway = GatewayPattern().Match(listening);
        Assert.True(gateway.Success, listening);
        var address = $"{gateway.Groups["host"].Value}:{gateway.Groups["port"].Value}";

        await silo.WaitForLineAsync(l => l.Contains("Serving model waves from"), Deadline);
        var health = HealthPattern().Match(await silo.WaitForLineAsync(l => l.Contains("Health endpoint of silo"), Deadline));
        Assert.True(health.Success, silo.Output);
        using (var http = new HttpClient { Timeout = Deadline })
        {
            var ready = await http.GetAsync(health.Groups["url"].Value + "/health/ready");
            Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
            Assert.Contains("\"ready\":true", await ready.Content.ReadAsStringAsync());
        }
        var models = await CliRun.RunAsync("models", "waves", "--gateway", address, "--cluster-id", clusterId, "--secret-file", secret, "--json");
        Assert.True(models.ExitCode == 0, models.ToString());
        Assert.Contains("\"version\":2", models.Output);

        var input = folder.Write("waves.csv", SampleCsv.Waves(series: 3, ticks: 20, interleaved: true));
        var output = folder.File("out.csv");
        var run = await CliRun.RunAsync("stream", "--csv", input, "--gateway", address, "--cluster-id", clusterId, "--secret-file", secret, "--out", output);
        Assert.True(run.ExitCode == 0, run + "\n--- silo\n" + silo.Output);
        Assert.Equal(61, File.ReadAllLines(output).Length);

        // Sending the same file again is idempotent: every tick is acknowledged as seen, none applied twice.
        var again = await CliRun.RunAsync("stream", "--csv", input, "--gateway", address, "--cluster-id", clusterId, "--secret-file", secret, "--out", output, "--json");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("\"duplicates\":60", again.Output);
        Assert.All(File.ReadAllLines(output), line => Assert.Equal(4, line.Split(',').Length));

        // The series live in the silo process: a second client sees what the first one sent.
        var predict = await CliRun.RunAsync("predict", "w1", "--gateway", address, "--cluster-id", clusterId, "--secret-file", secret, "--json");
        Assert.True(predict.ExitCode == 0, predict.ToString());
        Assert.Contains("\"ticksSeen\":20", predict.Output);

        var forecast = await CliRun.RunAsync("forecast", "w1", "--horizon", "5", "--gateway", address, "--cluster-id", clusterId, "--secret-file", secret, "--json");
        Assert.True(forecast.ExitCode == 0, forecast.ToString());
        Assert.Contains("\"fromSequence\":20", forecast.Output);
        Assert.Contains("\"horizon\":5", forecast.Output);

        var reset = await CliRun.RunAsync("reset", "w1", "--gateway", address, "--cluster-id", clusterId, "--secret-file", secret);
        Assert.True(reset.ExitCode == 0, reset.ToString());
        Assert.Contains("next tick is 21", reset.Output);

        var status = await CliRun.RunAsync("status", "--model", "waves", "--gateway", address, "--cluster-id", clusterId, "--secret-file", secret, "--json");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("\"model\":\"waves\"", status.Output);
        var statusSilo = Assert.Single(JsonDocument.Parse(status.Output).RootElement.GetProperty("silos").EnumerateArray());
        Assert.True(statusSilo.GetProperty("running").GetBoolean());
        Assert.InRange(statusSilo.GetProperty("activations").GetProperty(typeof(ModelGrain).FullName!).GetInt32(), 1, int.MaxValue);
        var statusTable = await CliRun.RunAsync("status", "--model", "waves", "--gateway", address, "--cluster-id", clusterId, "--secret-file", secret);
        Assert.True(statusTable.ExitCode == 0, statusTable.ToString());
        Assert.Contains(statusSilo.GetProperty("silo").GetString()!, statusTable.Output);
        Assert.Contains("running", statusTable.Output);
        Assert.Contains($"{nameof(ModelGrain)} ", statusTable.Output);

        // A CSV that goes bad on line 5: the three good ticks of series b1 before it are in the silo, not lost.
        var bad = folder.Write("waves.csv", "series,t,level,flow\nb1,0,10,1\nb1,1,10.2,0.9\nb1,2,10.4,0.8\nb1,3,10.5,oops\n");
        var failed = await CliRun.RunAsync("stream", "--csv", bad, "--gateway", address, "--cluster-id", clusterId, "--secret-file", secret);
        Assert.Equal(ExitCodes.InputError, failed.ExitCode);
        Assert.Contains($"{bad}, line 5, column 4: 'oops' is not a number", Assert.Single(failed.ErrorLines));
        var b1 = await CliRun.RunAsync("predict", "b1", "--gateway", address, "--cluster-id", clusterId, "--secret-file", secret, "--json");
        Assert.True(b1.ExitCode == 0, b1.ToString());
        Assert.Contains("\"ticksSeen\":3", b1.Output);

        // simulate twice: the second run goes on from the ticks the first one left in the silo.
        for (var round = 0; round < 2; round++)
        {
            var simulate = await CliRun.RunAsync("simulate", "--series", "2", "--ticks", "5", "--rate", "0", "--gateway", address, "--cluster-id", clusterId, "--secret-file", secret, "--json");
            Assert.True(simulate.ExitCode == 0, simulate.ToString());
        }
        var simulated = await CliRun.RunAsync("predict", "sim-stock-0000", "--gateway", address, "--cluster-id", clusterId, "--secret-file", secret, "--json");
        Assert.Contains("\"ticksSeen\":10", simulated.Output);

        var stranger = await CliRun.RunAsync("status", "--gateway", address, "--cluster-id", "another-cluster", "--secret-file", secret);
        Assert.Equal(ExitCodes.ClusterUnreachable, stranger.ExitCode);
        Assert.Contains("--cluster-id", Assert.Single(stranger.ErrorLines));

        // Without the secret the gateway refuses the client.
        var outsider = await CliRun.RunAsync("status", "--gateway", address, "--cluster-id", clusterId);
        Assert.Equal(ExitCodes.ClusterUnreachable, outsider.ExitCode);
        Assert.Contains("secret", Assert.Single(outsider.ErrorLines));
        Assert.Contains("Connections are authenticated with the cluster secret", silo.Output);

        var unknown = await CliRun.RunAsync("predict", "never-seen", "--gateway", address, "--cluster-id", clusterId, "--secret-file", secret);
        Assert.Equal(ExitCodes.InputError, unknown.ExitCode);
        Assert.Contains("series 'never-seen' has seen no tick", Assert.Single(unknown.ErrorLines));

        var exit = await silo.TerminateAsync(Deadline);
        Assert.True(exit == 0, silo.Output);
        Assert.Contains("stopping", silo.Output);
    }

    [Fact]
    public async Task Silo_refuses_a_secret_on_the_command_line()
    {
        using var folder = new TempFolder();
        await using var silo = StartSilo(folder, "--secret", "hunter2");
        var exit = await silo.WaitForExitAsync(Deadline);
        Assert.Equal(1, exit);
        Assert.Contains("never taken from the command line", silo.Output);
        Assert.DoesNotContain("hunter2", silo.Output);
    }
}
