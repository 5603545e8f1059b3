using LstmActors.Runtime;
using LstmActors.Runtime.Hosting;
using LstmActors.Runtime.Testing;
using Microsoft.Extensions.Logging;
using Runtime.Bench;

// Usage: dotnet run -c Release --project bench/Runtime.Bench -- [hosted] [client-1silo] [client-2silos] [silo-to-silo] [--seconds N] [--callers N]
var cases = new List<string>();
int seconds = 5, callerCount = 100;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seconds": seconds = int.Parse(args[++i]); break;
        case "--callers": callerCount = int.Parse(args[++i]); break;
        default: cases.Add(args[i]); break;
    }
}
string[] known = ["hosted", "client-1silo", "client-2silos", "silo-to-silo"];
if (cases.Count == 0) cases.AddRange(known);
foreach (var unknown in cases.Except(known))
{
    Console.Error.WriteLine($"Unknown case '{unknown}'; known: {string.Join(", ", known)}.");
    return 2;
}
var warmup = TimeSpan.FromSeconds(Math.Max(1, seconds / 2));
var duration = TimeSpan.FromSeconds(seconds);
Console.WriteLine($"# ConcurrentPing: {callerCount} callers, {seconds} s per case, {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

foreach (var name in cases)
{
    int silos = name is "client-2silos" or "silo-to-silo" ? 2 : 1;
    await using var cluster = await TestCluster.StartAsync(o =>
    {
        o.InitialSilosCount = silos;
        // Relaxed failure detection: other processes load this machine, and a stall must not look like a death.
        o.IAmAlivePeriod = TimeSpan.FromSeconds(1);
        o.ConfigureSilo = silo => silo.AddGrain<PingGrain>();
        o.ConfigureLogging = logging => logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
    });
    var grains = name switch
    {
        "hosted" => Keys(callerCount).Select(k => cluster.Silos[0].GrainFactory.GetGrain<IPingGrain>(k)).ToList(),
        "silo-to-silo" => await RemoteGrainsAsync(cluster, callerCount),
        _ => Keys(callerCount).Select(k => cluster.Client.GetGrain<IPingGrain>(k)).ToList(),
    };
    Console.WriteLine(await ConcurrentPing.RunAsync(name, grains, warmup, duration));
}
return 0;

static IEnumerable<string> Keys(int count) => Enumerable.Range(0, count).Select(i => $"ping-{i}");

// Callers in silo 0 calling grains that live in silo 1.
static async Task<List<IPingGrain>> RemoteGrainsAsync(TestCluster cluster, int count)
{
    var from = cluster.Silos[0];
    var to = cluster.Silos[1];
    var grains = new List<IPingGrain>();
    for (int i = 0; grains.Count < count; i++)
    {
        string key = $"remote-{i}";
        await cluster.Client.GetGrain<IPingGrain>(key).Run();
        if (to.Silo.Catalog.Find(key).Count == 1) grains.Add(from.GrainFactory.GetGrain<IPingGrain>(key));
    }
    return grains;
}
