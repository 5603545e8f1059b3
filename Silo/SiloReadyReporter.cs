using LstmActors.Runtime.Membership;
using LstmActors.Silo.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LstmActors.Silo;

/// <summary>Once the silo has joined, logs where it listens and which cluster it joined (read back from the membership table).</summary>
internal sealed class SiloReadyReporter(SiloSettings settings, SiloIdentity identity, IMembershipTable membership, ILogger<SiloReadyReporter> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var table = await membership.ReadAllAsync(cancellationToken);
        var self = table.Rows.Select(r => r.Entry).Where(e => e.HostName == identity.SiloName)
            .MaxBy(e => e.Silo.Generation)
            ?? throw new InvalidOperationException($"Silo '{identity.SiloName}' started but is not in the membership table ({settings.Membership}).");
        var active = table.Rows.Count(r => r.Entry.Status == SiloStatus.Active);
        logger.LogInformation(
            "Silo {SiloName} listening: silo endpoint {SiloHost}:{SiloPort}, gateway {GatewayHost}:{GatewayPort}",
            identity.SiloName, self.Silo.Host, self.Silo.Port, self.Silo.Host, self.GatewayPort);
        logger.LogInformation(
            "Joined cluster {ClusterId} with {ActiveSilos} active silo(s); membership {Membership}, grain storage {Storage}",
            settings.ClusterId, active, settings.Membership, settings.Storage);
        if (identity.SecretSource is { } source)
            logger.LogInformation("Connections are authenticated with the cluster secret from {SecretSource}", source);
        else
            logger.LogWarning("No cluster secret ({SecretFile} or {SecretVariable}): connections are not authenticated; use this only for development",
                "--secret-file", SiloSettings.SecretVariable);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
