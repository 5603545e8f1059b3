using System.Diagnostics;
using System.Globalization;
using LstmActors.Cluster.Bench;
using LstmActors.Grains.Models;
using LstmActors.Grains.Series;
using LstmActors.Grains.Simulation;
using LstmActors.Grains.Training;
using LstmActors.Runtime;
using LstmActors.Runtime.AdoNet.Hosting;
using LstmActors.Runtime.Configuration;
using LstmActors.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// dotnet run -c Release --project bench/Cluster.Bench -- [--series N] [--seconds S] [--block B]
// Ticks/s of 1 and then 2 lstmactors-silo processes, each pinned to its own core with taskset, SQLite membership,
// in-memory grain state; the load generator is this process, unpinned, its CPU time reported apart.
int series = 1000, block = 8;
double seconds = 10;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--series" when i + 1 < args.Length && int.TryParse(args[i + 1], out int n) && n > 0: series = n; i++; break;
        case "--seconds" when i + 1 < args.Length && double.TryParse(args[i + 1], CultureInfo.InvariantCulture, out double s) && s > 0: seconds = s; i++; break;
        case "--block" when i + 1 < args.Length && int.TryParse(args[i + 1], out int b) && b > 0: block = b; i++; break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: [--series N] [--seconds S] [--block B]");
            return 1;
    }
}
if (Environment.ProcessorCount < 2) Console.WriteLine("# warning: fewer than 2 cores; the two silos share one");

var model = BuiltInModels.Stocks with { Name = "stocks-cluster-bench", Training = BuiltInModels.Stocks.Training with { Mode = TrainingMode.Off } };
Console.WriteLine($"# {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}; {series} stock series "
                  + $"(F=5, H=64, inference only), blocks of {block} ticks, {seconds} s measured after 3 s warm-up");
var results = new Dictionary<int, double>();
foreach (var silos in (int[])[1, 2])
    results[silos] = await RunAsync(silos);
Console.WriteLine($"speedup_2_over_1={results[2] / results[1]:F2}");
return 0;

async Task<double> RunAsync(int silos)
{
    var folder = Directory.CreateTempSubdirectory("lstmactors-cluster-bench-");
    var membership = Path.Combine(folder.FullName, "membership.db");
    var clusterId = $"bench-{silos}-{Guid.NewGuid():N}";
    var processes = new List<PinnedSilo>();
    try
    {
        for (int core = 0; core < silos; core++)
            processes.Add(await PinnedSilo.StartAsync(core % Environment.ProcessorCount, clusterId, membership, TimeSpan.FromMinutes(2)));
        // Grain state is in each silo's memory: place the model grain only once every silo sees every other.
        foreach (var process in processes) await process.WaitForViewAsync(silos, TimeSpan.FromMinutes(2));

        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseLstmActorsClient(c => c.UseSqliteClustering(o => o.DataSource = membership).Configure<ClusterOptions>(o => o.ClusterId = clusterId));
        using var client = builder.Build();
        await client.StartAsync();
        var grains = client.Services.GetRequiredService<IClusterClient>();
        await grains.GetGrain<IModelGrain>(model.Name).Define(model);

        var stocks = Enumerable.Range(0, series).Select(i => StockSeries.Random(seed: i)).ToArray();
        var next = new long[series];
        var measuring = false;
        long ticks = 0;
        var latencies = new List<double>[series];
        for (int i = 0; i < series; i++) latencies[i] = [];

        var stop = new CancellationTokenSource();
        var callers = Enumerable.Range(0, series).Select(i => Task.Run(async () =>
        {
            var grain = grains.GetGrain<ISeriesGrain>($"stock-{i:D5}");
            var batch = new Tick[block];
            while (!stop.IsCancellationRequested)
            {
                for (int k = 0; k < block; k++, next[i]++) batch[k] = new Tick(next[i], DateTimeOffset.UnixEpoch.AddMinutes(next[i]), stocks[i].Next());
                long start = Stopwatch.GetTimestamp();
                await grain.ObserveMany(model.Name, batch);
                if (!Volatile.Read(ref measuring)) continue;
                latencies[i].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                Interlocked.Add(ref ticks, block);
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
        await Task.WhenAll(callers);
        await client.StopAsync();

        var sorted = latencies.SelectMany(l => l).Order().ToArray();
        double Percentile(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
        var rate = measured / elapsed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"case=silos-{silos} ticks_per_s={rate:F0} block_p50_ms={Percentile(0.50):F2} block_p99_ms={Percentile(0.99):F2} "
            + $"silo_cpu_s=[{string.Join(",", siloSeconds.Select(s => s.ToString("F1", CultureInfo.InvariantCulture)))}] "
            + $"silo_cpu_us_per_tick={siloSeconds.Sum() * 1e6 / measured:F1} client_cpu_s={clientSeconds:F1} "
            + $"client_cpu_us_per_tick={clientSeconds * 1e6 / measured:F1} wire_bytes_per_tick={(double)wireBytes / measured:F1}"));
        return rate;
    }
    finally
    {
        foreach (var process in processes) await process.DisposeAsync();
        folder.Delete(recursive: true);
    }
}
