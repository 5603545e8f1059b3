using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LstmActors.Cluster.Tests.Postgres;
using LstmActors.Silo.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;

namespace LstmActors.Cluster.Tests.Processes;

/// <summary>
/// Processes of the product's silo executable <c>lstmactors-silo</c> sharing one PostgreSQL schema for membership and
/// grain state, with deploy/local's tight failure detection, and an Orleans client in the test process that finds their
/// gateways in the same membership table. Disposing kills every process still running and drops the schema.
/// </summary>
public sealed partial class SiloCluster : IAsyncDisposable
{
    /// <summary>Failure bound for a silo process to start and join, or for the silos to agree (a loaded 2-core machine).</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>
    /// How long the client waits for an answer. Short: a call whose answer died with a killed silo is given up soon and
    /// sent again (the same tick: a series acknowledges a tick it has seen without applying it twice).
    /// </summary>
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The silos' settings besides the stores, as an operator sets them: Orleans' options from the environment (deploy/local's failure detection, a quick rebalancer).</summary>
    private static readonly Dictionary<string, string?> SiloEnvironment = new()
    {
        ["Orleans__ClusterMembership__ProbeTimeout"] = "00:00:01",
        ["Orleans__ClusterMembership__NumMissedProbesLimit"] = "2",
        ["Orleans__ClusterMembership__NumVotesForDeathDeclaration"] = "1",
        ["Orleans__ClusterMembership__DeathVoteExpirationTimeout"] = "00:00:10",
        ["Orleans__ClusterMembership__TableRefreshTimeout"] = "00:00:05",
        ["Orleans__ClusterMembership__IAmAliveTablePublishTimeout"] = "00:00:05",
        // Orleans' activation rebalancer (section Orleans:ActivationRebalancer): its first session 5 s after start, a
        // cycle every 2 s moving up to 100 series per pair of silos, with full weight from the first cycle.
        ["Orleans__ActivationRebalancer__RebalancerDueTime"] = "00:00:05",
        ["Orleans__ActivationRebalancer__SessionCyclePeriod"] = "00:00:02",
        ["Orleans__ActivationRebalancer__CycleNumberWeight"] = "1",
        ["Orleans__ActivationRebalancer__SiloNumberWeight"] = "0",
        ["Orleans__ActivationRebalancer__ActivationMigrationCountLimit"] = "100",
        // The environment of the test run must not reach the silos.
        ["LSTMACTORS_SECRET"] = null,
        ["LSTMACTORS_TLS_PASSWORD"] = null,
    };

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly List<SiloProcess> _silos = [];
    private readonly string _clusterId = $"cluster-{Guid.NewGuid():N}";
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private IHost? _client;

    private SiloCluster(ClusterSchema schema) => Schema = schema;

    /// <summary>The schema holding membership and grain state.</summary>
    public ClusterSchema Schema { get; }

    /// <summary>Every silo process started, running or not.</summary>
    public IReadOnlyList<SiloProcess> Silos => _silos;

    /// <summary>The silo processes still running.</summary>
    public IReadOnlyList<SiloProcess> RunningSilos => _silos.Where(s => !s.HasExited).ToArray();

    /// <summary>The client in the test process.</summary>
    public IClusterClient Client => _client?.Services.GetRequiredService<IClusterClient>() ?? throw new InvalidOperationException("The client has not started.");

    /// <summary>A new schema, <paramref name="silos"/> silo processes started at once, and a client once they agree on the cluster.</summary>
    public static async Task<SiloCluster> StartAsync(int silos)
    {
        var cluster = new SiloCluster(await ClusterSchema.CreateAsync());
        try
        {
            await cluster.StartSilosAsync(silos);
            await cluster.StartClientAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts <paramref name="count"/> more silo processes and waits until every running silo sees exactly the running silos Active.</summary>
    public async Task<IReadOnlyList<SiloProcess>> StartSilosAsync(int count)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "lstmactors-silo.dll");
        var environment = new Dictionary<string, string?>(SiloEnvironment)
        {
            ["LSTMACTORS__CLUSTERID"] = _clusterId,
            ["LSTMACTORS__MEMBERSHIP"] = $"postgres:{Schema.Pool("lstmactors-membership", 4)}",
            ["LSTMACTORS__STORAGE"] = $"postgres:{Schema.Pool("lstmactors-storage", 12)}",
        };
        var started = new List<SiloProcess>();
        for (int i = 0; i < count; i++)
        {
            var silo = SiloProcess.Start($"silo-{_silos.Count}", dll, ["--silo-port", "0", "--gateway-port", "0", "--health-port", "0"], environment);
            _silos.Add(silo);
            started.Add(silo);
        }
        await Task.WhenAll(started.Select(s => s.WaitForLineAsync(l => HealthLine().IsMatch(l), StartTimeout)));
        await WaitForAgreedViewAsync();
        return started;
    }

    /// <summary>Replaces the client with a new one (after every silo was replaced).</summary>
    public async Task RestartClientAsync()
    {
        await StopClientAsync();
        await StartClientAsync();
    }

    private async Task StartClientAsync()
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            // Every gateway in the membership table, re-read every second: a killed silo's gateway drops out, a new silo's comes in.
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = Schema.Pool("lstmactors-client", 2);
            });
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = _clusterId;
                o.ServiceId = "lstmactors";
            });
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
        });
        _client = builder.Build();
        using var deadline = new CancellationTokenSource(StartTimeout);
        await _client.StartAsync(deadline.Token);
    }

    private async Task StopClientAsync()
    {
        if (_client is null) return;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _client.StopAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // Its gateways are gone: nothing to say goodbye to.
        }
        _client.Dispose();
        _client = null;
    }

    /// <summary>The silo-to-silo endpoint of a silo process (from its "listening" line), e.g. 127.0.0.1:40597: its address without the generation.</summary>
    public static string EndpointOf(SiloProcess silo)
    {
        var match = silo.Lines.Select(l => ListeningLine().Match(l)).FirstOrDefault(m => m.Success)
            ?? throw new InvalidOperationException($"{silo.Name} printed no 'listening' line.\n{silo.Output}");
        return match.Groups["endpoint"].Value;
    }

    /// <summary>The silo endpoint of an Orleans silo address (<c>SiloAddress.ToParsableString()</c>: endpoint@generation).</summary>
    public static string EndpointOf(string siloAddress) => siloAddress.Split('@')[0];

    /// <summary>The base URL of a silo process's health endpoint (from its log line), e.g. http://127.0.0.1:40597.</summary>
    public static Uri HealthUrlOf(SiloProcess silo)
    {
        var match = silo.Lines.Select(l => HealthLine().Match(l)).FirstOrDefault(m => m.Success)
            ?? throw new InvalidOperationException($"{silo.Name} printed no health endpoint line.\n{silo.Output}");
        return new Uri(match.Groups["url"].Value);
    }

    /// <summary>What a silo's <c>/health</c> says now.</summary>
    public async Task<SiloHealthReport> HealthAsync(SiloProcess silo) =>
        (await _http.GetFromJsonAsync<SiloHealthReport>(new Uri(HealthUrlOf(silo), "/health"), JsonSerializerOptions.Web))!;

    /// <summary>
    /// Waits until every running silo is ready (<c>/health/ready</c>) and its membership view holds exactly the running
    /// silos as Active: those stopped or killed are out (a killed one once the survivors declared it dead).
    /// </summary>
    public async Task WaitForAgreedViewAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            var running = RunningSilos;
            var endpoints = running.Select(EndpointOf).ToHashSet();
            var views = new List<string>();
            bool agreed = true;
            foreach (var silo in running)
            {
                using var ready = await _http.GetAsync(new Uri(HealthUrlOf(silo), "/health/ready"));
                var report = ready.Content.Headers.ContentType?.MediaType == "application/json"
                    ? await ready.Content.ReadFromJsonAsync<SiloHealthReport>(JsonSerializerOptions.Web) : null;
                var active = report?.Silos.Where(m => m.Status == "Active").Select(m => EndpointOf(m.Silo)).ToHashSet() ?? [];
                agreed &= ready.IsSuccessStatusCode && active.SetEquals(endpoints);
                views.Add($"{silo.Name} at {EndpointOf(silo)} ({(int)ready.StatusCode}) sees [{string.Join(", ", active)}] Active");
            }
            if (agreed) return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Not within {StartTimeout}: every running silo ready and seeing the running silos Active. {string.Join("; ", views)}\n{Output}");
            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Everything the silos printed, for failure messages.</summary>
    public string Output => string.Join('\n', _silos.Select(s => s.Output));

    [GeneratedRegex(@"listening: silo endpoint (?<endpoint>[0-9.]+:\d+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"Health endpoint of silo \S+ listening on (?<url>http://[0-9.]+:\d+)/health")]
    private static partial Regex HealthLine();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopClientAsync();
        }
        finally
        {
            foreach (var silo in _silos) await silo.DisposeAsync();
            _http.Dispose();
            await Schema.DisposeAsync();
        }
    }
}
