using System.Net;
using LstmActors.Cluster.TestSilo;
using LstmActors.Grains.Hosting;
using LstmActors.Runtime.AdoNet.Hosting;
using LstmActors.Runtime.Configuration;
using LstmActors.Runtime.Hosting;
using LstmActors.Runtime.Membership;
using LstmActors.Silo.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

// A silo process for the cluster tests: the runtime's silo with the counter grain and the series and model grains, PostgreSQL membership and storage
// (connection string from LSTMACTORS_POSTGRES), the cluster secret from LSTMACTORS_SECRET, fast failure detection. Prints "ready silo=<address> gateway=<port>"
// once joined; SIGTERM stops it gracefully.
if (args is not ["--cluster-id", var clusterId])
{
    Console.Error.WriteLine("usage: cluster-test-silo --cluster-id <id>   (LSTMACTORS_POSTGRES: the connection string)");
    return 1;
}
var connectionString = Environment.GetEnvironmentVariable("LSTMACTORS_POSTGRES");
if (string.IsNullOrEmpty(connectionString))
{
    Console.Error.WriteLine("error: LSTMACTORS_POSTGRES is not set");
    return 1;
}

// Membership gets a pool of its own (a distinct connection string is a distinct Npgsql pool), so heartbeats never wait
// behind a burst of grain-state reads; both pools are small, as several silos share the server's 100 connections.
var membershipConnection = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "lstmactors-membership", MaxPoolSize = 3 }.ConnectionString;
var storageConnection = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "lstmactors-storage", MaxPoolSize = 8 }.ConnectionString;
var siloName = $"test-silo-{Environment.ProcessId}";
var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
builder.Logging.AddSimpleConsole(o =>
{
    o.SingleLine = true;
    o.TimestampFormat = "HH:mm:ss.fff ";
    o.UseUtcTimestamp = true;
});
builder.Logging.SetMinimumLevel(LogLevel.Information);
builder.UseLstmActors(silo =>
{
    silo.Configure<ClusterOptions>(o => o.ClusterId = clusterId);
    silo.Configure<SiloOptions>(o => o.SiloName = siloName);
    silo.Configure<ClusterMembershipOptions>(o =>
    {
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(1);
        o.NumMissedTableIAmAliveLimit = 5;
    });
    silo.ConfigureEndpoints(0, 0, IPAddress.Loopback);
    silo.UseClusterSecretFromEnvironment("LSTMACTORS_SECRET");
    silo.UsePostgresClustering(o => o.ConnectionString = membershipConnection);
    silo.AddPostgresGrainStorage(o => o.ConnectionString = storageConnection);
    silo.AddGrain<CounterGrain>();
    silo.AddLstmActorsGrains();
});
builder.AddSiloHealthEndpoint(IPAddress.Loopback, 0);
using var host = builder.Build();
await host.StartAsync();

var table = host.Services.GetRequiredService<IMembershipTable>();
var self = (await table.ReadAllAsync()).Rows.Select(r => r.Entry).Where(e => e.HostName == siloName).MaxBy(e => e.Silo.Generation)
    ?? throw new InvalidOperationException($"{siloName} started but has no membership row.");
Console.WriteLine($"ready silo={self.Silo} gateway={self.GatewayPort}");
await host.WaitForShutdownAsync();
return 0;
