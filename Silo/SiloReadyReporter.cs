using LstmActors.Runtime.Membership;
using LstmActors.Silo.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LstmActors.Silo;

/// <summary>Once the silo has joined, logs where it listens, which cluster it joined (read back from the membership table) and how its garbage collector runs.</summary>
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
        LogGarbageCollector();
        if (identity.SecretSource is { } source)
            logger.LogInformation("Connections are authenticated with the cluster secret from {SecretSource}", source);
        else
            logger.LogWarning("No cluster secret ({SecretFile} or {SecretVariable}): connections are not authenticated; use this only for development",
                "--secret-file", SiloSettings.SecretVariable);
    }

    /// <summary>
    /// The settings a tick's answer waits behind in every collection (GarbageCollection.props; environment variables can
    /// override them), as the runtime applied them.
    /// </summary>
    private void LogGarbageCollector()
    {
        var gc = GC.GetConfigurationVariables();
        long Setting(string name) => gc.TryGetValue(name, out var value) ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        long budget = Setting("GCGen0MaxBudget");
        logger.LogInformation("Garbage collector: {Kind}, {Heaps} heap(s), dynamic adaptation {Adaptation}, gen0 budget {Gen0Budget}",
            System.Runtime.GCSettings.IsServerGC ? "server" : "workstation", Setting("HeapCount"),
            Setting("GCDynamicAdaptationMode") == 0 ? "off" : "on",
            budget > 0 ? $"at most {budget / (1024.0 * 1024):0.#} MB per heap" : "unbounded");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
