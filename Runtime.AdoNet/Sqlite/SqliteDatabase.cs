using System.Data.Common;
using LstmActors.Runtime.AdoNet.Relational;
using Microsoft.Data.Sqlite;

namespace LstmActors.Runtime.AdoNet.Sqlite;

/// <summary>A SQLite file in WAL mode with synchronous=FULL, shared by several processes; writers take the write lock up front.</summary>
internal sealed class SqliteDatabase : RelationalDatabase
{
    private readonly string connectionString;
    private readonly string connectionSetup;

    public SqliteDatabase(SqliteStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.DataSource))
            throw new ArgumentException("SqliteStorageOptions.DataSource must name the database file.", nameof(options));
        if (options.BusyTimeout <= TimeSpan.Zero)
            throw new ArgumentException($"SqliteStorageOptions.BusyTimeout must be positive, got {options.BusyTimeout}.", nameof(options));
        Path = System.IO.Path.GetFullPath(options.DataSource);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();
        // Per-connection settings: SQLite's own busy wait (more responsive than the driver's retry loop) and
        // synchronous=FULL, which syncs the WAL on every commit so a returned write survives a power loss.
        connectionSetup = $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = FULL;";
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    public override string Description => $"SQLite database '{Path}'";

    public override string MigrationsFolder => "Sqlite/Migrations/";

    public override string CreateSchemaVersionTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

    protected override DbConnection CreateConnection() => new SqliteConnection(connectionString);

    protected override async Task SetUpAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var setup = Command(connection, null, connectionSetup);
        await setup.ExecuteNonQueryAsync(cancellationToken);
    }

    // BEGIN IMMEDIATE: a deferred transaction that reads and then writes fails with SQLITE_BUSY (no waiting) in WAL mode
    // when another process committed in between; taking the write lock first makes writers queue instead.
    public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public override Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    public override async Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // WAL is a property of the file (it persists); readers then never block the writer and processes share the file safely.
        await using (var wal = Command(connection, null, "PRAGMA journal_mode = WAL"))
        {
            var mode = (string?)await wal.ExecuteScalarAsync(cancellationToken);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                throw new StoreException($"{Description}: could not switch to WAL journal mode (got '{mode}'); the file system must support shared memory.");
        }
        return await BeginWriteAsync(connection, cancellationToken);
    }
}
