using System.Data.Common;

namespace LstmActors.Runtime.AdoNet.Relational;

/// <summary>What differs between the databases behind the stores: connections, transaction kinds and migration scripts.</summary>
internal abstract class RelationalDatabase
{
    /// <summary>Names the database in error messages, e.g. "SQLite database '/data/silo.db'" (never a password).</summary>
    public abstract string Description { get; }

    /// <summary>Folder of this database's migration scripts among the assembly's resources, e.g. "Sqlite/Migrations/".</summary>
    public abstract string MigrationsFolder { get; }

    /// <summary>Creates the schema_version table if it is missing.</summary>
    public abstract string CreateSchemaVersionTableSql { get; }

    /// <summary>A new, closed connection; opening it takes one from the driver's pool.</summary>
    protected abstract DbConnection CreateConnection();

    /// <summary>Applies per-connection settings right after opening; none by default.</summary>
    protected virtual Task SetUpAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Opens a pooled connection set up for durable writes.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            await SetUpAsync(connection, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a transaction that holds the write lock from its first statement, so a compare-and-swap cannot be overtaken.</summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Starts a read-only transaction whose statements all see one snapshot.</summary>
    public abstract Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Starts the transaction migrations run in; it excludes every other process migrating the same database.</summary>
    public abstract Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="body"/> on an open connection; a database failure becomes a <see cref="StoreException"/> naming the database and <paramref name="operation"/>.</summary>
    public async Task<T> RunAsync<T>(string operation, Func<DbConnection, Task<T>> body, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            return await body(connection);
        }
        catch (DbException e)
        {
            throw new StoreException($"{Description}: {operation} failed: {e.Message}", e);
        }
    }

    /// <summary>A fresh etag: random, so a value is never reused after a row is deleted and written again.</summary>
    public static string NewETag() => Guid.NewGuid().ToString("N");

    /// <summary>A command on <paramref name="connection"/> inside <paramref name="transaction"/> (if any) with named parameters ("@name").</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
