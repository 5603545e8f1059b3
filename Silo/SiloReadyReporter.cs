using LstmActors.Silo.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace LstmActors.Silo;

/// <summary>
/// Once the Orleans silo has joined, logs where it listens, which cluster it joined (Orleans' membership view), how its
/// connections are secured and how its garbage collector runs; scripts and tests wait for these lines.
/// </summary>
internal sealed class SiloReadyReporter(
    SiloSettings settings,
    ILocalSiloDetails silo,
    IClusterMembershipService membership,
    IOptions<EndpointOptions> endpoints,
    ILogger<SiloReadyReporter> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var active = membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);
        logger.LogInformation(
            "Silo {SiloName} listening: silo endpoint {SiloHost}:{SiloPort}, gateway {GatewayHost}:{GatewayPort}",
            silo.Name, silo.SiloAddress.Endpoint.Address, silo.SiloAddress.Endpoint.Port, silo.SiloAddress.Endpoint.Address, endpoints.Value.GatewayPort);
        logger.LogInformation(
            "Joined cluster {ClusterId} with {ActiveSilos} active silo(s); membership {Membership}, grain storage {Storage}",
            settings.ClusterId, active, settings.Membership, settings.Storage);
        LogGarbageCollector();
        if (settings.TlsCertificate is { } certificate)
            logger.LogInformation("Connections use mutual TLS with {Certificate}; silos and clients must present a certificate {Accepted}", certificate,
                settings.TlsCaFile is { } ca ? $"that chains to {ca}{(settings.TlsPins.Count > 0 ? $" or one of {settings.TlsPins.Count} pinned" : "")}"
                : settings.TlsPins.Count > 0 ? $"among {settings.TlsPins.Count} pinned" : "equal to this one");
        else
            logger.LogWarning("No TLS certificate (--tls-certificate, --tls-ca): connections are not authenticated; use this only for development on loopback");
        return Task.CompletedTask;
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

    public Task StopAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Silo {SiloName} stopping: grains deactivate and save their state, then the silo leaves the cluster", silo.Name);
        return Task.CompletedTask;
    }
}
