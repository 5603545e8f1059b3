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
        var workers = Enumerable.Range(0, processes).Select(i => StartWorker(clusterId, i, increments)).ToArray();
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

    private Process StartWorker(string clusterId, int index, int increments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { typeof(StoreWorker).Assembly.Location }.Concat(Database.WorkerArguments)
                     .Concat([clusterId, index.ToString(), increments.ToString()]))
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
