using LstmActors.Runtime.AdoNet.Postgres;
using LstmActors.Runtime.AdoNet.Sqlite;
using LstmActors.Runtime.Membership;
using LstmActors.Runtime.Persistence;

namespace LstmActors.Runtime.AdoNet.Tests.MultiProcess;

/// <summary>
/// The test assembly's entry point, run as a separate process by the multi-process tests: it plays one silo that initializes
/// the stores, says "ready", waits for "go" on standard input, joins the cluster and increments a shared counter state.
/// </summary>
public static class StoreWorker
{
    /// <summary>The state every worker increments.</summary>
    public static readonly GrainStateKey Counter = new("CounterGrain", "shared", "count");

    /// <summary>Arguments: kind (sqlite|postgres), data source or connection string, cluster id, worker index, increments.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 5)
        {
            await Console.Error.WriteLineAsync("usage: <sqlite|postgres> <data source or connection string> <cluster id> <index> <increments>");
            return 2;
        }
        var (kind, connection, clusterId, index, increments) = (args[0], args[1], args[2], int.Parse(args[3]), int.Parse(args[4]));
        var (table, storage) = Open(kind, connection, clusterId);

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

    /// <summary>The address worker <paramref name="index"/> joins as.</summary>
    public static SiloAddress Silo(int index) => new("127.0.0.1", 30000 + index, 1);

    private static (IMembershipTable, IGrainStorage) Open(string kind, string connection, string clusterId) => kind switch
    {
        "sqlite" => (new SqliteMembershipTable(new() { DataSource = connection }, clusterId), new SqliteGrainStorage(new() { DataSource = connection })),
        "postgres" => (new PostgresMembershipTable(new() { ConnectionString = connection }, clusterId), new PostgresGrainStorage(new() { ConnectionString = connection })),
        _ => throw new ArgumentException($"Unknown store kind '{kind}': expected sqlite or postgres.", nameof(kind)),
    };
}
