using System.Diagnostics;
using System.Globalization;
using LstmActors.Cluster.Bench;
using LstmActors.Grains.Models;
using LstmActors.Grains.Series;
using LstmActors.Grains.Simulation;
using LstmActors.Grains.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

// dotnet run -c Release --project bench/Cluster.Bench -- [--series N] [--seconds S] [--block B] [--callers C] [--case all|silos|observe]
// Ticks/s of 1 and then 2 lstmactors-silo processes, each pinned to its own core with taskset, Orleans' ADO.NET
// membership on PostgreSQL (LSTMACTORS_POSTGRES), in-memory grain state written on every call; the load generator is
// this process, unpinned, its CPU time reported apart. Then one silo, free to use every core as a lone silo would,
// answering one tick per call (Observe) from C concurrent callers: state written on every call, then every 64 ticks.
int series = 1000, block = 8, callers = 200;
double seconds = 10;
string cases = "all";
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--series" when i + 1 < args.Length && int.TryParse(args[i + 1], out int n) && n > 0: series = n; i++; break;
        case "--seconds" when i + 1 < args.Length && double.TryParse(args[i + 1], CultureInfo.InvariantCulture, out double s) && s > 0: seconds = s; i++; break;
        case "--block" when i + 1 < args.Length && int.TryParse(args[i + 1], out int b) && b > 0: block = b; i++; break;
        case "--callers" when i + 1 < args.Length && int.TryParse(args[i + 1], out int c) && c > 0: callers = c; i++; break;
        case "--case" when i + 1 < args.Length && args[i + 1] is "all" or "silos" or "observe": cases = args[i + 1]; i++; break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: [--series N] [--seconds S] [--block B] [--callers C] [--case all|silos|observe]");
            return 1;
    }
}
var postgres = Environment.GetEnvironmentVariable("LSTMACTORS_POSTGRES");
if (string.IsNullOrWhiteSpace(postgres))
{
    Console.Error.WriteLine("Cluster.Bench needs LSTMACTORS_POSTGRES (an Npgsql connection string) for the silos' membership; see .ci/run for a local one.");
    return 1;
}
if (Environment.ProcessorCount < 2) Console.WriteLine("# warning: fewer than 2 cores; the two silos share one");

var model = BuiltInModels.Stocks with { Name = "stocks-cluster-bench", Training = BuiltInModels.Stocks.Training with { Mode = TrainingMode.Off } };
Console.WriteLine($"# {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}; {series} stock series "
                  + $"(F=5, H=64, inference only), blocks of {block} ticks, {seconds} s measured after 3 s warm-up");
if (cases is "all" or "silos")
{
    var results = new Dictionary<int, double>();
    foreach (var silos in (int[])[1, 2])
        results[silos] = await RunAsync(silos, observe: false, persistEvery: 1);
    Console.WriteLine($"speedup_2_over_1={results[2] / results[1]:F2}");
}
if (cases is "all" or "observe")
{
    await RunAsync(1, observe: true, persistEvery: 1);
    await RunAsync(1, observe: true, persistEvery: 64);
}
return 0;

// Blocks of ticks from one caller per series, or (observe) one tick per call from a fixed number of callers.
async Task<double> RunAsync(int silos, bool observe, int persistEvery)
{
    var clusterId = $"bench-{silos}-{Guid.NewGuid():N}";
    var processes = new List<PinnedSilo>();
    try
    {
        for (int core = 0; core < silos; core++)
        {
            var cores = observe ? $"0-{Environment.ProcessorCount - 1}" : (core % Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture);
            processes.Add(await PinnedSilo.StartAsync(cores, persistEvery, clusterId, postgres, TimeSpan.FromMinutes(2)));
        }

        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(c => c
            .UseAdoNetClustering(o => { o.Invariant = "Npgsql"; o.ConnectionString = postgres; })
            .Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = "lstmactors"; }));
        using var client = builder.Build();
        await client.StartAsync();
        var grains = client.Services.GetRequiredService<IClusterClient>();
        // Grain state is in each silo's memory: place the model grain only once every silo is active.
        while ((await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count < silos) await Task.Delay(100);
        await grains.GetGrain<IModelGrain>(model.Name).Define(model);

        var stocks = Enumerable.Range(0, series).Select(i => StockSeries.Random(seed: i)).ToArray();
        var next = new long[series];
        var measuring = false;
        long ticks = 0;
        var latencies = new List<double>[series];
        for (int i = 0; i < series; i++) latencies[i] = [];

        var stop = new CancellationTokenSource();
        int loops = observe ? Math.Min(callers, series) : series, perCall = observe ? 1 : block;
        var running = Enumerable.Range(0, loops).Select(i => Task.Run(async () =>
        {
            var grain = grains.GetGrain<ISeriesGrain>($"stock-{i:D5}");
            var batch = new Tick[perCall];
            while (!stop.IsCancellationRequested)
            {
                for (int k = 0; k < perCall; k++, next[i]++) batch[k] = new Tick(next[i], DateTimeOffset.UnixEpoch.AddMinutes(next[i]), stocks[i].Next());
                long start = Stopwatch.GetTimestamp();
                if (observe) await grain.Observe(model.Name, batch[0]);
                else await grain.ObserveMany(model.Name, batch);
                if (!Volatile.Read(ref measuring)) continue;
                latencies[i].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                Interlocked.Add(ref ticks, perCall);
            }
        })).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(3));
        var siloCpu = processes.Select(p => p.CpuTime()).ToArray();
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wire = processes.Sum(p => WireBytes.On(p.GatewayPort) + WireBytes.On(p.SiloPort));
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref measuring, true);
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        Volatile.Write(ref measuring, false);
        var elapsed = clock.Elapsed.TotalSeconds;
        var measured = Interlocked.Read(ref ticks);
        var wireBytes = processes.Sum(p => WireBytes.On(p.GatewayPort) + WireBytes.On(p.SiloPort)) - wire;
        var siloSeconds = processes.Select((p, k) => (p.CpuTime() - siloCpu[k]).TotalSeconds).ToArray();
        var clientSeconds = (Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalSeconds;
        await stop.CancelAsync();
        await Task.WhenAll(running);
        await client.StopAsync();

        var sorted = latencies.SelectMany(l => l).Order().ToArray();
        double Percentile(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
        var rate = measured / elapsed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"case={(observe ? $"observe-external-{loops}-callers" : $"silos-{silos}")} persist_every={persistEvery} ticks_per_s={rate:F0} call_p50_ms={Percentile(0.50):F2} call_p99_ms={Percentile(0.99):F2} "
            + $"silo_cpu_s=[{string.Join(",", siloSeconds.Select(s => s.ToString("F1", CultureInfo.InvariantCulture)))}] "
            + $"silo_cpu_us_per_tick={siloSeconds.Sum() * 1e6 / measured:F1} client_cpu_s={clientSeconds:F1} "
            + $"client_cpu_us_per_tick={clientSeconds * 1e6 / measured:F1} wire_bytes_per_tick={(double)wireBytes / measured:F1}"));
        return rate;
    }
    finally
    {
        foreach (var process in processes) await process.DisposeAsync();
    }
}
