using System.Diagnostics;
using LstmActors.Runtime.AdoNet.Tests.Databases;
using LstmActors.Runtime.AdoNet.Tests.MultiProcess;
using LstmActors.Runtime.AdoNet.Tests.Skipping;

namespace LstmActors.Runtime.AdoNet.Tests.Contracts;

/// <summary>Several operating-system processes sharing one database, run against each database kind by a concrete subclass.</summary>
public abstract class MultiProcessContract<TDatabase> : DatabaseContract<TDatabase> where TDatabase : TestDatabase, new()
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    [StoreFact]
    public async Task ProcessesInitializingJoiningAndWritingAtOnceLoseNothing()
    {
        const int processes = 3, increments = 40;
        var clusterId = $"cluster-{Guid.NewGuid():N}";
        var workers = Enumerable.Range(0, processes).Select(i => StartWorker(["count", .. Database.WorkerArguments, clusterId, $"{i}", $"{increments}"])).ToArray();
        var log = new System.Text.StringBuilder();
        try
        {
            // Each worker has migrated the fresh database (all at once) and waits; release them together.
            foreach (var worker in workers)
                Assert.Equal("ready", await ReadLineAsync(worker));
            foreach (var worker in workers)
                await worker.StandardInput.WriteLineAsync("go");
            foreach (var worker in workers)
            {
                using var timeout = new CancellationTokenSource(Bound);
                await worker.WaitForExitAsync(timeout.Token);
                log.AppendLine($"worker {worker.Id} exited with {worker.ExitCode}: {await worker.StandardOutput.ReadToEndAsync()} {await worker.StandardError.ReadToEndAsync()}");
                Assert.True(worker.ExitCode == 0, log.ToString());
            }
        }
        finally
        {
            foreach (var worker in workers)
            {
                if (!worker.HasExited)
                    worker.Kill(entireProcessTree: true);
                worker.Dispose();
            }
        }

        var table = Database.CreateMembershipTable(clusterId);
        var data = await table.ReadAllAsync();
        Assert.True(processes == data.Version.Version, $"version {data.Version.Version}, rows {data.Rows.Count}\n{log}");
        Assert.Equal(Enumerable.Range(0, processes).Select(StoreWorker.Silo), data.Rows.Select(r => r.Entry.Silo).OrderBy(s => s.Port));
        var counter = await Database.CreateGrainStorage().ReadAsync(StoreWorker.Counter);
        Assert.Equal(processes * increments, BitConverter.ToInt64(counter!.Data));
        await table.DeleteClusterAsync();
    }

    [StoreFact]
    public async Task EveryWriteAcknowledgedBeforeAKillIsInTheStore()
    {
        const int before = 30;
        var acknowledged = 0L;
        using (var worker = StartWorker(["write", .. Database.WorkerArguments]))
        {
            try
            {
                while (acknowledged < before)
                    acknowledged = Acknowledged(await ReadLineAsync(worker));
            }
            finally
            {
                worker.Kill(entireProcessTree: true);
            }
            using var timeout = new CancellationTokenSource(Bound);
            await worker.WaitForExitAsync(timeout.Token);
            // Lines written before the kill landed are acknowledgements too.
            foreach (var line in (await worker.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                acknowledged = Acknowledged(line);
        }

        Database.DropPooledConnections();
        var storage = Database.CreateGrainStorage();
        var stored = await storage.ReadAsync(StoreWorker.Counter);
        var value = BitConverter.ToInt64(stored!.Data);
        // The write in flight when the kill landed may have committed without being acknowledged; none acknowledged may be missing.
        Assert.InRange(value, acknowledged, acknowledged + 1);
        await storage.WriteAsync(StoreWorker.Counter, BitConverter.GetBytes(value + 1), stored.ETag);
    }

    private static long Acknowledged(string? line) =>
        line is not null && line.StartsWith("wrote ", StringComparison.Ordinal)
            ? long.Parse(line.AsSpan(6))
            : throw new InvalidOperationException($"unexpected worker output: {line}");

    private Process StartWorker(string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(typeof(StoreWorker).Assembly.Location);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        return Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
    }

    private static async Task<string?> ReadLineAsync(Process worker)
    {
        using var timeout = new CancellationTokenSource(Bound);
        var line = await worker.StandardOutput.ReadLineAsync(timeout.Token);
        return line ?? $"(exit without output: {await worker.StandardError.ReadToEndAsync()})";
    }
}
