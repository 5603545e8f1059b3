using System.Data.Common;
using LstmActors.Runtime.Persistence;

namespace LstmActors.Runtime.AdoNet.Relational;

/// <summary>
/// Grain state on a relational database (Orleans' ADO.NET grain storage): one row of bytes per (grain type, grain key, state name),
/// guarded by an etag that every write replaces.
/// </summary>
public abstract class RelationalGrainStorage : IGrainStorage
{
    private const string StateKey = "grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name";

    private readonly RelationalDatabase database;

    private protected RelationalGrainStorage(RelationalDatabase database) => this.database = database;

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken = default) => SchemaMigrator.MigrateAsync(database, cancellationToken);

    /// <inheritdoc />
    public Task<StoredState?> ReadAsync(GrainStateKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return database.RunAsync($"reading grain state '{key}'", async connection =>
        {
            await using var select = RelationalDatabase.Command(connection, null,
                $"SELECT data, etag FROM grain_state WHERE {StateKey}", KeyParameters(key));
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? new StoredState(reader.GetFieldValue<byte[]>(0), reader.GetString(1))
                : null;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<string> WriteAsync(GrainStateKey key, ReadOnlyMemory<byte> data, string? expectedETag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new ValueTask<string>(database.RunAsync($"writing grain state '{key}'", async connection =>
        {
            var newETag = RelationalDatabase.NewETag();
            (string, object)[] values =
                [.. KeyParameters(key), ("@data", data.ToArray()), ("@new_etag", newETag), ("@modified_at", DateTimeOffset.UtcNow)];
            // Null expects no row: the insert does nothing if one exists. Otherwise only the row with the expected etag is replaced.
            await using var write = expectedETag is null
                ? RelationalDatabase.Command(connection, null,
                    "INSERT INTO grain_state (grain_type, grain_key, state_name, data, etag, modified_at) " +
                    "VALUES (@grain_type, @grain_key, @state_name, @data, @new_etag, @modified_at) " +
                    "ON CONFLICT (grain_type, grain_key, state_name) DO NOTHING", values)
                : RelationalDatabase.Command(connection, null,
                    $"UPDATE grain_state SET data = @data, etag = @new_etag, modified_at = @modified_at WHERE {StateKey} AND etag = @etag",
                    [.. values, ("@etag", expectedETag)]);
            if (await write.ExecuteNonQueryAsync(cancellationToken) == 0)
                throw new InconsistentStateException(key, expectedETag, await ReadETagAsync(connection, key, cancellationToken));
            return newETag;
        }, cancellationToken));
    }

    /// <inheritdoc />
    public Task ClearAsync(GrainStateKey key, string? expectedETag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return database.RunAsync($"clearing grain state '{key}'", async connection =>
        {
            if (expectedETag is null)
            {
                // Nothing is expected to be stored: clearing is a no-op, unless someone has written meanwhile.
                var stored = await ReadETagAsync(connection, key, cancellationToken);
                return stored is null ? true : throw new InconsistentStateException(key, null, stored);
            }
            await using var delete = RelationalDatabase.Command(connection, null,
                $"DELETE FROM grain_state WHERE {StateKey} AND etag = @etag", [.. KeyParameters(key), ("@etag", expectedETag)]);
            if (await delete.ExecuteNonQueryAsync(cancellationToken) == 0)
                throw new InconsistentStateException(key, expectedETag, await ReadETagAsync(connection, key, cancellationToken));
            return true;
        }, cancellationToken);
    }

    /// <summary>The stored etag (null if no row), read after a refused change to name it in the error.</summary>
    private static async Task<string?> ReadETagAsync(DbConnection connection, GrainStateKey key, CancellationToken cancellationToken)
    {
        await using var select = RelationalDatabase.Command(connection, null, $"SELECT etag FROM grain_state WHERE {StateKey}", KeyParameters(key));
        return await select.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static (string, object)[] KeyParameters(GrainStateKey key) =>
        [("@grain_type", key.GrainType), ("@grain_key", key.GrainKey), ("@state_name", key.StateName)];
}
