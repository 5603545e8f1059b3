using LstmActors.Client.Models;
using LstmActors.Grains.Models;
using LstmActors.Grains.Training;

namespace LstmActors.Client.Tests;

/// <summary>What the user sees when the cluster fails a request or goes away: one line and the exit code of its kind.</summary>
public sealed class ClusterFailureTests
{
    [Fact]
    public async Task A_request_a_grain_fails_is_one_line_with_exit_4()
    {
        await using var cluster = await GatewayClusters.StartAsync(silos: 1);
        await cluster.Client.GetGrain<IModelGrain>("pumps").Define(ModelSelection.Default("pumps", ["level", "flow"], train: false));
        using var folder = new TempFolder();
        // Weights of a model with other features under the same name: the model grain refuses to change its shape.
        var other = ModelSelection.Default("pumps", ["pressure"], train: false);
        var file = folder.File("pumps.lstm");
        new FittedModelFile(other, ModelNetwork.InitialWeights(other)).Save(file);

        var run = await CliRun.RunAsync(["models", "--load", file, .. cluster.GatewayArgs()]);

        Assert.Equal(ExitCodes.ClusterError, run.ExitCode);
        var message = Assert.Single(run.ErrorLines);
        Assert.StartsWith($"error: the cluster failed the request ({file}: model 'pumps'): System.InvalidOperationException: Model 'pumps' already exists", message);
    }

    [Fact]
    public async Task A_silo_killed_mid_stream_ends_the_command_with_one_line_and_exit_3()
    {
        using var folder = new TempFolder();
        var clusterId = $"killed-{Guid.NewGuid():N}"[..16];
        await using var silo = SiloExecutable.Start(folder, ["--cluster-id", clusterId, "--silo-port", "0", "--gateway-port", "0", "--storage", "memory"]);
        var gateway = await SiloExecutable.ClientArgsAsync(silo, clusterId);
        var run = CliRun.RunAsync(["simulate", "--series", "4", "--rate", "200", "--json", .. gateway]);
        // The silo's own output is quiet while streaming; a status call through the same gateway shows ticks arriving.
        await Eventually.HoldsAsync(async () => run.IsCompleted || await TicksSeenAsync(gateway) > 10, "the simulated series receive ticks");
        if (run.IsCompleted) Assert.Fail($"simulate ended before the silo was killed: {await run}");

        await silo.KillAsync(SiloExecutable.Deadline);

        var result = await run;
        Assert.Equal(ExitCodes.ClusterUnreachable, result.ExitCode);
        // A call in flight fails when Orleans sees the connection drop, or at its response timeout.
        Assert.Matches("^error: the cluster (closed the connection|did not answer in time) ", Assert.Single(result.ErrorLines));
    }

    private static async Task<long> TicksSeenAsync(string[] gateway)
    {
        var run = await CliRun.RunAsync(["predict", "sim-stock-0000", "--json", .. gateway]);
        return run.ExitCode == 0 ? System.Text.Json.JsonDocument.Parse(run.Output).RootElement.GetProperty("ticksSeen").GetInt64() : 0;
    }
}
