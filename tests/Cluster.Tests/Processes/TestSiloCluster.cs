using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using LstmActors.Cluster.Tests.Postgres;
using LstmActors.Runtime;
using LstmActors.Runtime.AdoNet.Hosting;
using LstmActors.Runtime.Configuration;
using LstmActors.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace LstmActors.Cluster.Tests.Processes;

/// <summary>
/// Silo processes of <c>cluster-test-silo</c> (the runtime's silo with the test grains) sharing one PostgreSQL schema
/// for membership and grain state, and a cluster client in the test process that finds them through the same table.
/// Disposing kills every process still running and drops the schema.
/// </summary>
public sealed partial class TestSiloCluster : IAsyncDisposable
{
    /// <summary>Failure bound for a silo process to start and join (a loaded 2-core machine).</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly List<SiloProcess> _silos = [];
    private readonly string _clusterId = $"cluster-{Guid.NewGuid():N}";
    private readonly string _secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private IHost? _client;

    private TestSiloCluster(ClusterSchema schema) => Schema = schema;

    /// <summary>The schema holding membership and grain state.</summary>
    public ClusterSchema Schema { get; }

    /// <summary>Every silo process started, running or not.</summary>
    public IReadOnlyList<SiloProcess> Silos => _silos;

    /// <summary>The silo processes still running.</summary>
    public IReadOnlyList<SiloProcess> RunningSilos => _silos.Where(s => !s.HasExited).ToArray();

    /// <summary>The client in the test process.</summary>
    public IClusterClient Client => _client?.Services.GetRequiredService<IClusterClient>() ?? throw new InvalidOperationException("The client has not started.");

    /// <summary>A new schema, <paramref name="silos"/> silo processes started at once, and a client once they are all ready.</summary>
    public static async Task<TestSiloCluster> StartAsync(int silos)
    {
        var cluster = new TestSiloCluster(await ClusterSchema.CreateAsync());
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

    /// <summary>Starts <paramref name="count"/> more silo processes and waits until each says it is ready.</summary>
    public async Task<IReadOnlyList<SiloProcess>> StartSilosAsync(int count)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "cluster-test-silo.dll");
        var started = new List<SiloProcess>();
        for (int i = 0; i < count; i++)
        {
            var silo = SiloProcess.Start($"silo-{_silos.Count}", dll, ["--cluster-id", _clusterId],
                new Dictionary<string, string?> { [ClusterSchema.Variable] = Schema.ConnectionString, ["LSTMACTORS_SECRET"] = _secret });
            _silos.Add(silo);
            started.Add(silo);
        }
        await Task.WhenAll(started.Select(s => s.WaitForLineAsync(l => l.StartsWith("ready ", StringComparison.Ordinal), StartTimeout)));
        return started;
    }

    /// <summary>Replaces the client with a new one that reads the gateways afresh (after every silo was replaced).</summary>
    public async Task RestartClientAsync()
    {
        await StopClientAsync();
        await StartClientAsync();
    }

    private async Task StopClientAsync()
    {
        if (_client is null) return;
        await _client.StopAsync();
        _client.Dispose();
        _client = null;
    }

    private async Task StartClientAsync()
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseLstmActorsClient(client =>
        {
            client.UsePostgresClustering(o => o.ConnectionString = new NpgsqlConnectionStringBuilder(Schema.ConnectionString) { MaxPoolSize = 2 }.ConnectionString);
            client.Configure<ClusterOptions>(o => o.ClusterId = _clusterId);
            client.UseClusterSecret(Encoding.UTF8.GetBytes(_secret));
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
            client.Configure<MessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(20));
        });
        _client = builder.Build();
        await _client.StartAsync();
    }

    /// <summary>The silo address a process joined as (from its ready line).</summary>
    public static string AddressOf(SiloProcess silo)
    {
        var ready = silo.Lines.First(l => l.StartsWith("ready ", StringComparison.Ordinal));
        return ReadyLine().Match(ready).Groups["silo"].Value;
    }

    /// <summary>The base URL of a silo process's health endpoint (from its log line), e.g. http://127.0.0.1:40597.</summary>
    public static Uri HealthUrlOf(SiloProcess silo)
    {
        var line = silo.Lines.First(l => HealthLine().IsMatch(l));
        return new Uri(HealthLine().Match(line).Groups["url"].Value);
    }

    /// <summary>The latest membership view a silo process reported holding (its "view changed" log lines), as a set of silo addresses.</summary>
    public static IReadOnlySet<string>? LatestView(SiloProcess silo)
    {
        var line = silo.Lines.LastOrDefault(l => ViewLine().IsMatch(l));
        if (line is null) return null;
        var silos = ViewLine().Match(line).Groups["silos"].Value;
        return silos.Split(", ", StringSplitOptions.RemoveEmptyEntries).ToHashSet();
    }

    /// <summary>Waits until every running silo reports holding the view of exactly the running silos.</summary>
    public Task WaitForAgreedViewAsync(TimeSpan timeout) => WaitUntilAsync(
        () =>
        {
            var running = RunningSilos;
            var addresses = running.Select(AddressOf).ToHashSet();
            return running.All(s => LatestView(s)?.SetEquals(addresses) == true);
        },
        timeout,
        () => "every running silo holds the view of the running silos: " + string.Join("; ", RunningSilos.Select(s => $"{s.Name} at {AddressOf(s)} sees [{string.Join(", ", LatestView(s) ?? new HashSet<string>())}]")));

    /// <summary>Waits until <paramref name="condition"/> holds, re-checking whenever a silo prints a line; throws after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> describe)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!condition())
        {
            var changed = Task.WhenAny(_silos.Select(s => s.Changed));
            if (condition()) return;
            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Not reached within {timeout}: {describe()}\n{string.Join('\n', _silos.Select(s => s.Output))}");
            }
        }
    }

    /// <summary>Everything the silos printed, for failure messages.</summary>
    public string Output => string.Join('\n', _silos.Select(s => s.Output));

    [GeneratedRegex(@"^ready silo=(?<silo>\S+) gateway=(?<gateway>\d+)$")]
    private static partial Regex ReadyLine();

    [GeneratedRegex(@"Health endpoint of silo \S+ listening on (?<url>http://[0-9.]+:\d+)/health")]
    private static partial Regex HealthLine();

    [GeneratedRegex(@"(view changed|joined; view): v\d+ \[(?<silos>[^\]]*)\]")]
    private static partial Regex ViewLine();

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
            await Schema.DisposeAsync();
        }
    }
}
