using LstmActors.Grains.Hosting;
using LstmActors.Grains.Series;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Placement;
using Orleans.TestingHost;

namespace LstmActors.Grains.Tests.Cluster;

/// <summary>
/// Orleans test clusters with the series and model grains on every silo, real TCP between silos and client, and grain
/// state in one SQLite file shared by all silos (Orleans' ADO.NET storage as the silo executable sets it up), so a
/// series resumes on any silo and a whole cluster can be restarted on the same file.
/// </summary>
internal static class Clusters
{
    /// <summary>Starts <paramref name="silos"/> silos on <paramref name="stateFile"/> (a new one by default; an earlier cluster's for a whole-cluster restart).</summary>
    public static async Task<(TestCluster Cluster, string StateFile)> StartAsync(int silos, int persistEveryTicks = 1, string? stateFile = null, bool refusingCatalogWrites = false,
        (int MinWindows, TimeSpan Delay)? contributions = null)
    {
        stateFile ??= Path.Combine(Path.GetTempPath(), $"lstmactors-grains-tests-{Guid.NewGuid():N}.db");
        var builder = new TestClusterBuilder((short)silos);
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Options.ConfigureFileLogging = false;
        // Orleans keys stored state by service id: a restarted cluster on the same file is the same service.
        builder.Options.ServiceId = $"lstmactors-tests-{Path.GetFileNameWithoutExtension(stateFile)}";
        builder.Properties[SiloConfigurator.StateFileKey] = stateFile;
        builder.Properties[SiloConfigurator.PersistEveryTicksKey] = persistEveryTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Properties[SiloConfigurator.RefusingCatalogWritesKey] = refusingCatalogWrites ? "true" : "false";
        if (contributions is var (minWindows, delay))
        {
            builder.Properties[SiloConfigurator.MinWindowsPerContributionKey] = minWindows.ToString(System.Globalization.CultureInfo.InvariantCulture);
            builder.Properties[SiloConfigurator.ContributionDelayKey] = delay.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        }
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return (cluster, stateFile);
    }

    /// <summary>The silo whose <see cref="SiloModels.SiloId"/> is <paramref name="siloId"/>.</summary>
    public static SiloHandle SiloOf(this TestCluster cluster, string siloId) =>
        cluster.Silos.Single(s => s.SiloAddress.ToParsableString() == siloId);

    /// <summary>The services of a silo of the cluster.</summary>
    public static IServiceProvider Services(this SiloHandle silo) => ((InProcessSiloHandle)silo).ServiceProvider;

    /// <summary>
    /// Activates the series <paramref name="seriesIds"/> round-robin on the cluster's silos, through Orleans' placement
    /// hint: tests about every silo must not depend on where the default placement happens to put a few dozen grains.
    /// </summary>
    public static async Task SpreadAsync(this TestCluster cluster, IEnumerable<string> seriesIds)
    {
        var silos = cluster.Silos.Select(s => s.SiloAddress).ToArray();
        int i = 0;
        foreach (var id in seriesIds)
        {
            RequestContext.Set(IPlacementDirector.PlacementHintKey, silos[i++ % silos.Length]);
            try
            {
                await cluster.Client.GetGrain<ISeriesGrain>(id).Status();
            }
            finally
            {
                RequestContext.Remove(IPlacementDirector.PlacementHintKey);
            }
        }
    }

    /// <summary>Retries a call that failed because its silo just died (the cluster is already settled, so this is rare).</summary>
    public static async Task<T> WithRetryAsync<T>(Func<Task<T>> call)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (attempt < 20 && e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException)
            {
                await Task.Delay(50);
            }
        }
    }
}
