using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using LstmActors.Grains.Models;
using LstmActors.Grains.Series;
using Npgsql;

namespace LstmActors.Silo.Tests;

/// <summary>Silo processes on PostgreSQL membership and storage in an empty schema, with mutual TLS between them and the tight failure detection of deploy/local.</summary>
public sealed class PostgresSiloTests
{
    private static readonly TimeSpan Deadline = SiloExecutable.Deadline;

    /// <summary>deploy/local's failure detection, as an operator would set it: Orleans' options from the environment.</summary>
    private static Dictionary<string, string?> Environment(string connectionString) => new()
    {
        ["LSTMACTORS__MEMBERSHIP"] = $"postgres:{connectionString}",
        ["LSTMACTORS__STORAGE"] = $"postgres:{connectionString}",
        ["Orleans__ClusterMembership__ProbeTimeout"] = "00:00:01",
        ["Orleans__ClusterMembership__NumMissedProbesLimit"] = "2",
        ["Orleans__ClusterMembership__NumVotesForDeathDeclaration"] = "1",
        ["Orleans__ClusterMembership__DeathVoteExpirationTimeout"] = "00:00:10",
        ["Orleans__ClusterMembership__TableRefreshTimeout"] = "00:00:05",
        ["Orleans__ClusterMembership__IAmAliveTablePublishTimeout"] = "00:00:05",
        // Orleans logs the options it runs with.
        ["Logging__LogLevel__Orleans.Runtime.SiloOptionsLogger"] = "Information",
    };

    [PostgresFact]
    public async Task Two_silos_starting_together_on_an_empty_schema_form_a_cluster_over_mutual_tls_and_refuse_a_silo_of_another_ca()
    {
        await using var schema = new PostgresSchema();
        using var pki = new TestPki();
        using var authority = TestPki.CreateAuthority("Cluster CA");
        using var other = TestPki.CreateAuthority("Other CA");
        var ca = pki.WritePem("ca.pem", authority);
        using var clientCertificate = TestPki.Issue(authority, "client");
        string[] Tls(X509Certificate2 issuer, string name) => ["--tls-certificate", pki.WritePemWithKey($"{name}.pem", TestPki.Issue(issuer, name, "127.0.0.1")), "--tls-ca", ca];
        var environment = Environment(schema.ConnectionString);
        var clusterId = $"pg-{Guid.NewGuid():N}"[..16];
        using var folder = new TempFolder();

        var starting = new[] { "a", "b" }.Select(name => SiloExecutable.StartJoinedAsync(folder,
            ["--cluster-id", clusterId, "--health-port", "0", .. Tls(authority, name)], environment)).ToArray();
        var silos = await Task.WhenAll(starting);
        await using var a = silos[0].Silo;
        await using var b = silos[1].Silo;
        Assert.Contains(a.Lines, l => l.Contains("ClusterMembershipOptions") && l.Contains("ProbeTimeout: 00:00:01") && l.Contains("NumVotesForDeathDeclaration: 1"));

        // Each script ran once, in whichever silo took the lock first, and the tables are in the schema of the search path.
        var created = a.Lines.Concat(b.Lines).Where(l => l.Contains("Created Orleans' tables")).ToArray();
        foreach (var script in new[] { "PostgreSQL-Main.sql", "PostgreSQL-Clustering.sql", "PostgreSQL-Persistence.sql" })
            Assert.Single(created, l => l.Contains(script));
        Assert.Equal(["orleansmembershiptable", "orleansmembershipversiontable", "orleansquery", "orleansstorage"], await schema.TablesAsync());

        using var http = new HttpClient { Timeout = Deadline };
        var health = await SiloExecutable.HealthUrlOfAsync(a);
        async Task<int> ActiveSilos() => (await http.GetFromJsonAsync<JsonElement>(new Uri(health, "/health"))).GetProperty("silos").EnumerateArray().Count(s => s.GetProperty("status").GetString() == "Active");
        await Eventually.HoldsAsync(async () => await ActiveSilos() == 2, "both silos are Active in silo a's membership view", Deadline);

        // Each silo answers Orleans' management grain (silo-to-silo calls over TLS); series state goes to the schema.
        await using (var client = await ClusterClient.ConnectAsync(silos[0].Gateway, clusterId, ClusterClient.Tls(clientCertificate, authority)))
        {
            var management = client.Grains.GetGrain<IManagementGrain>(0);
            var hosts = (await management.GetHosts(onlyActive: true)).Keys.ToArray();
            Assert.Equal(2, hosts.Length);
            Assert.Equal(2, (await management.GetRuntimeStatistics(hosts)).Length);
            for (var i = 0; i < 4; i++)
                await client.Grains.GetGrain<ISeriesGrain>($"pg-tank-{i}").Observe(BuiltInModels.Tanks.Name, new Tick(0, DateTimeOffset.UnixEpoch, [1.5f + i, 20f]));
        }
        Assert.Equal(4, await StoredRowsAsync(schema.ConnectionString));

        // A silo with a certificate of another CA writes itself into the table, but no member lets it connect.
        int Refusals() => a.Lines.Concat(b.Lines).Count(l => l.Contains("TlsServerConnectionMiddleware", StringComparison.Ordinal));
        var before = Refusals();
        await using var stranger = SiloExecutable.Start(folder, ["--cluster-id", clusterId, "--silo-port", "0", "--gateway-port", "0", .. Tls(other, "stranger")], environment);
        await Eventually.HoldsAsync(() => Refusals() > before || stranger.HasExited, "the cluster's silos refuse the stranger's TLS handshake", Deadline);
        Assert.DoesNotContain(stranger.Lines, l => l.Contains("Joined cluster"));
        Assert.Equal(2, await ActiveSilos());
        await stranger.KillAsync(Deadline);

        Assert.Equal(0, await b.TerminateAsync(Deadline));
        Assert.Equal(0, await a.TerminateAsync(Deadline));
    }

    private static async Task<long> StoredRowsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleansstorage WHERE graintypestring LIKE '%series%'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
