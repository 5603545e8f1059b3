using LstmActors.Runtime.AdoNet.Postgres;
using LstmActors.Runtime.AdoNet.Sqlite;
using LstmActors.Runtime.Membership;
using LstmActors.Runtime.Persistence;

namespace LstmActors.Runtime.AdoNet.Tests.MultiProcess;

/// <summary>The test assembly's entry point, run as a separate process by the multi-process tests.</summary>
public static class StoreWorker
{
    /// <summary>The state the workers write.</summary>
    public static readonly GrainStateKey Counter = new("CounterGrain", "shared", "count");

    /// <summary>
    /// "count kind connection cluster index increments": initializes the stores, says "ready", waits for "go", joins the cluster
    /// and increments <see cref="Counter"/>; "write kind connection": writes 1, 2, 3, ... to <see cref="Counter"/>, saying
    /// "wrote n" after each write returns, until killed. Kind is sqlite (connection: the file) or postgres (a connection string).
    /// </summary>
    public static Task<int> Main(string[] args) => args switch
    {
        ["count", var kind, var connection, var clusterId, var index, var increments] =>
            CountAsync(kind, connection, clusterId, int.Parse(index), int.Parse(increments)),
        ["write", var kind, var connection] => WriteUntilKilledAsync(Storage(kind, connection)),
        _ => Usage(),
    };

    /// <summary>The address worker <paramref name="index"/> joins as.</summary>
    public static SiloAddress Silo(int index) => new("127.0.0.1", 30000 + index, 1);

    private static async Task<int> CountAsync(string kind, string connection, string clusterId, int index, int increments)
    {
        var storage = Storage(kind, connection);
        IMembershipTable table = kind == "sqlite"
            ? new SqliteMembershipTable(new() { DataSource = connection }, clusterId)
            : new PostgresMembershipTable(new() { ConnectionString = connection }, clusterId);
        await table.InitializeAsync();
        await storage.InitializeAsync();
        Console.WriteLine("ready");
        if (await Console.In.ReadLineAsync() != "go")
            return 3;

        var silo = Silo(index);
        while (true)
        {
            var read = await table.ReadAllAsync();
            var now = DateTimeOffset.UtcNow;
            if (await table.InsertRowAsync(new MembershipEntry(silo, SiloStatus.Active, silo.Port + 1, $"worker-{index}", now, now, []), read.Version.Next()))
                break;
        }

        for (var i = 0; i < increments; i++)
        {
            while (true)
            {
                var stored = await storage.ReadAsync(Counter);
                var value = stored is null ? 0 : BitConverter.ToInt64(stored.Data);
                try
                {
                    await storage.WriteAsync(Counter, BitConverter.GetBytes(value + 1), stored?.ETag);
                    break;
                }
                catch (InconsistentStateException)
                {
                    // Another process wrote in between: read again and retry, as a grain would after re-activation.
                }
            }
            await table.UpdateIAmAliveAsync(silo, DateTimeOffset.UtcNow);
        }
        Console.WriteLine("done");
        return 0;
    }

    private static async Task<int> WriteUntilKilledAsync(IGrainStorage storage)
    {
        await storage.InitializeAsync();
        string? etag = null;
        for (long n = 1; ; n++)
        {
            etag = await storage.WriteAsync(Counter, BitConverter.GetBytes(n), etag);
            Console.WriteLine($"wrote {n}");
        }
    }

    private static IGrainStorage Storage(string kind, string connection) => kind switch
    {
        "sqlite" => new SqliteGrainStorage(new() { DataSource = connection }),
        "postgres" => new PostgresGrainStorage(new() { ConnectionString = connection }),
        _ => throw new ArgumentException($"Unknown store kind '{kind}': expected sqlite or postgres.", nameof(kind)),
    };

    private static async Task<int> Usage()
    {
        await Console.Error.WriteLineAsync("usage: count <sqlite|postgres> <connection> <cluster id> <index> <increments> | write <sqlite|postgres> <connection>");
        return 2;
    }
}
