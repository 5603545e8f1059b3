using System.Data.Common;
using LstmActors.Runtime.AdoNet.Hosting;
using LstmActors.Runtime.AdoNet.Sqlite;
using LstmActors.Runtime.Hosting;
using LstmActors.Runtime.Membership;
using LstmActors.Runtime.Persistence;
using Microsoft.Data.Sqlite;

namespace LstmActors.Runtime.AdoNet.Tests.Databases;

/// <summary>A new SQLite file in the temp folder, deleted with its WAL files afterwards.</summary>
public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly SqliteStorageOptions options = new()
    {
        DataSource = Path.Combine(Path.GetTempPath(), "lstmactors-adonet-tests", $"{Guid.NewGuid():N}.db"),
    };

    /// <summary>Path of the database file.</summary>
    public string FilePath => options.DataSource;

    /// <inheritdoc />
    public override string MigrationsFolder => "Sqlite/Migrations/";

    /// <inheritdoc />
    public override IReadOnlyList<string> WorkerArguments => ["sqlite", FilePath];

    /// <inheritdoc />
    public override Task CreateAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public override IMembershipTable CreateMembershipTable(string clusterId) => new SqliteMembershipTable(options, clusterId);

    /// <inheritdoc />
    public override IGrainStorage CreateGrainStorage() => new SqliteGrainStorage(options);

    /// <inheritdoc />
    public override ISiloBuilder ConfigureStores(ISiloBuilder silo) =>
        silo.UseSqliteClustering(o => o.DataSource = FilePath).AddSqliteGrainStorage(o => o.DataSource = FilePath);

    /// <inheritdoc />
    public override IClientBuilder ConfigureClustering(IClientBuilder client) => client.UseSqliteClustering(o => o.DataSource = FilePath);

    /// <inheritdoc />
    public override void DropPooledConnections() => SqliteConnection.ClearAllPools();

    /// <inheritdoc />
    protected override DbConnection CreateConnection() =>
        new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false }.ToString());

    /// <inheritdoc />
    public override ValueTask DisposeAsync()
    {
        DropPooledConnections();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(FilePath + suffix);
        return ValueTask.CompletedTask;
    }
}
