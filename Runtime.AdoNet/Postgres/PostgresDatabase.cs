using System.Data;
using System.Data.Common;
using LstmActors.Runtime.AdoNet.Relational;
using Npgsql;

namespace LstmActors.Runtime.AdoNet.Postgres;

/// <summary>A PostgreSQL database reached through Npgsql's connection pool; a write is durable once its transaction commits.</summary>
internal sealed class PostgresDatabase : RelationalDatabase
{
    // Key of the advisory lock that serializes migrations across processes ("LSTMACTR" in ASCII).
    private const long MigrationLockKey = 0x4C53544D41435452;

    private readonly string connectionString;

    /// <param name="options">Where the database is.</param>
    /// <param name="use">What the connections serve ("membership", "storage"): unless the connection string names an
    /// application, each use gets its own Npgsql pool, so a burst of state reads never queues a silo's heartbeats.</param>
    public PostgresDatabase(PostgresStorageOptions options, string use)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            throw new ArgumentException("PostgresStorageOptions.ConnectionString must name the database.", nameof(options));
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"PostgresStorageOptions.ConnectionString is not a valid Npgsql connection string: {e.Message}", nameof(options), e);
        }
        if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = $"lstmactors-{use}";
        connectionString = builder.ConnectionString;
        Description = $"PostgreSQL database '{builder.Database}' at {builder.Host}:{builder.Port}";
    }

    public override string Description { get; }

    public override string MigrationsFolder => "Postgres/Migrations/";

    public override string CreateSchemaVersionTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)";

    protected override DbConnection CreateConnection() => new NpgsqlConnection(connectionString);

    // Read committed suffices: the compare-and-swap UPDATE locks the version row, and a waiting writer re-checks the etag
    // against the committed row, so it fails instead of overwriting.
    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await ((NpgsqlConnection)connection).BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);

    public override async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await ((NpgsqlConnection)connection).BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);

    public override async Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await BeginWriteAsync(connection, cancellationToken);
        // Held until the transaction ends: a second process waits here, then finds the migrations applied.
        await using var lockCommand = Command(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", ("@key", MigrationLockKey));
        await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        return transaction;
    }
}
