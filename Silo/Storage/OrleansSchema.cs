using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LstmActors.Silo.Storage;

/// <summary>
/// Creates Orleans' ADO.NET tables in a database from the scripts the silo ships (<c>Storage/Sql/</c>), once: what is
/// there already is detected (tables and <c>OrleansQuery</c> keys) and left alone, so a restart or a second silo on the
/// same database does not fail, and silos starting at once do not race (one transaction under a lock).
/// </summary>
public static partial class OrleansSchema
{
    /// <summary>Any constant: every silo applying scripts to a PostgreSQL database queues on this advisory lock.</summary>
    private const long PostgresLock = 726354;

    /// <summary>
    /// Applies PostgreSQL-Main.sql and, as asked, PostgreSQL-Clustering.sql and PostgreSQL-Persistence.sql in the first
    /// schema of the connection string's search path (created if missing); returns the scripts it ran (none when all were there).
    /// </summary>
    public static async Task<IReadOnlyList<string>> ApplyPostgresAsync(string connectionString, bool clustering, bool persistence, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({PostgresLock})", cancellationToken);
        if (await ScalarAsync(connection, transaction, "SELECT current_schema()", cancellationToken) is not string)
            await CreateSearchPathSchemaAsync(connection, transaction, connectionString, cancellationToken);

        var applied = new List<string>();
        var hasMain = await ScalarAsync(connection, transaction, "SELECT to_regclass(quote_ident(current_schema()) || '.orleansquery') IS NOT NULL", cancellationToken) is true;
        if (!hasMain) await RunScriptAsync(connection, transaction, "PostgreSQL-Main.sql", applied, cancellationToken);
        if (clustering && !await HasQueryAsync(connection, transaction, "InsertMembershipKey", cancellationToken))
            await RunScriptAsync(connection, transaction, "PostgreSQL-Clustering.sql", applied, cancellationToken);
        if (persistence && !await HasQueryAsync(connection, transaction, "WriteToStorageKey", cancellationToken))
            await RunScriptAsync(connection, transaction, "PostgreSQL-Persistence.sql", applied, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return applied;
    }

    /// <summary>
    /// Applies Sqlite-Main.sql and Sqlite-Persistence.sql to the database of <paramref name="connectionString"/> (the file is
    /// created if missing) and turns on write-ahead logging; returns the scripts it ran (none when both were there).
    /// </summary>
    public static async Task<IReadOnlyList<string>> ApplySqliteAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // WAL lets silos read while one writes; the mode stays with the file. It cannot change inside a transaction.
        await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL", cancellationToken);
        // Microsoft.Data.Sqlite begins with BEGIN IMMEDIATE: the write lock is taken before anything is looked at.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var applied = new List<string>();
        var hasMain = Convert.ToInt64(await ScalarAsync(connection, transaction, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'OrleansQuery'", cancellationToken)) > 0;
        if (!hasMain) await RunScriptAsync(connection, transaction, "Sqlite-Main.sql", applied, cancellationToken);
        if (!await HasQueryAsync(connection, transaction, "WriteToStorageKey", cancellationToken))
            await RunScriptAsync(connection, transaction, "Sqlite-Persistence.sql", applied, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return applied;
    }

    /// <summary>The text of one shipped script, e.g. <c>PostgreSQL-Main.sql</c>.</summary>
    public static string Script(string name)
    {
        using var stream = typeof(OrleansSchema).Assembly.GetManifestResourceStream($"Sql/{name}")
            ?? throw new ArgumentException($"No Orleans script '{name}' is embedded in the silo.", nameof(name));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task CreateSearchPathSchemaAsync(NpgsqlConnection connection, DbTransaction transaction, string connectionString, CancellationToken cancellationToken)
    {
        var first = new NpgsqlConnectionStringBuilder(connectionString).SearchPath?.Split(',')[0].Trim();
        if (string.IsNullOrEmpty(first) || !PlainIdentifier().IsMatch(first))
            throw new InvalidOperationException($"PostgreSQL database {connection.Database}: no schema of the search path '{first}' exists, and it is not a plain name the silo could create");
        await ExecuteAsync(connection, transaction, $"CREATE SCHEMA IF NOT EXISTS {first}", cancellationToken);
    }

    private static async Task<bool> HasQueryAsync(DbConnection connection, DbTransaction transaction, string key, CancellationToken cancellationToken) =>
        Convert.ToInt64(await ScalarAsync(connection, transaction, $"SELECT count(*) FROM OrleansQuery WHERE QueryKey = '{key}'", cancellationToken)) > 0;

    private static async Task RunScriptAsync(DbConnection connection, DbTransaction transaction, string name, List<string> applied, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction, Script(name), cancellationToken);
        applied.Add(name);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex PlainIdentifier();
}
