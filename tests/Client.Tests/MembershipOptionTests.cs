using System.Text.Json;

namespace LstmActors.Client.Tests;

/// <summary><c>--membership postgres:...</c>: the client finds the gateways in the cluster's Orleans membership table.</summary>
public sealed class MembershipOptionTests
{
    [PostgresFact]
    public async Task A_client_finds_the_gateway_of_a_silo_in_the_postgres_membership_table()
    {
        using var folder = new TempFolder();
        var membership = $"postgres:{Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)}";
        var clusterId = $"membership-{Guid.NewGuid():N}"[..20];
        await using var silo = SiloExecutable.Start(folder, ["--cluster-id", clusterId, "--silo-port", "0", "--gateway-port", "0", "--storage", "memory", "--membership", membership]);
        await SiloExecutable.ClientArgsAsync(silo, clusterId);

        var run = await CliRun.RunAsync("status", "--json", "--membership", membership, "--cluster-id", clusterId);

        Assert.True(run.ExitCode == 0, run + "\n" + silo.Output);
        var found = Assert.Single(JsonDocument.Parse(run.Output).RootElement.GetProperty("silos").EnumerateArray());
        Assert.True(found.GetProperty("running").GetBoolean(), run.Output);
        // The connection string (and its password) is not echoed.
        Assert.DoesNotContain("Password", run.Output);
    }

    [Theory]
    [InlineData("--membership", "sqlite:x.db")]
    [InlineData("--membership", "postgres:Host=h", "--gateway", "127.0.0.1:30000")]
    public async Task A_membership_that_is_not_postgres_or_comes_with_a_gateway_is_a_usage_error(params string[] args)
    {
        var run = await CliRun.RunAsync(["status", .. args]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("error: --membership", Assert.Single(run.ErrorLines));
    }
}
