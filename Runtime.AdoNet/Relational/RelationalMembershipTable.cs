using System.Data.Common;
using LstmActors.Runtime.Membership;

namespace LstmActors.Runtime.AdoNet.Relational;

/// <summary>
/// The membership table on a relational database (Orleans' ADO.NET clustering): one version row per cluster id and one row per silo
/// incarnation; every change swaps the version row's etag and the silo row in one transaction.
/// </summary>
public abstract class RelationalMembershipTable : IMembershipTable
{
    private const string SiloKey = "cluster_id = @cluster_id AND host = @host AND port = @port AND generation = @generation";

    private readonly RelationalDatabase database;

    private protected RelationalMembershipTable(RelationalDatabase database, string clusterId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        this.database = database;
        ClusterId = clusterId;
    }

    /// <summary>The cluster whose rows this table reads and writes; other clusters in the same database are invisible to it.</summary>
    public string ClusterId { get; }

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await SchemaMigrator.MigrateAsync(database, cancellationToken);
        await database.RunAsync($"creating the version row of cluster '{ClusterId}'", async connection =>
        {
            await using var insert = RelationalDatabase.Command(connection, null,
                "INSERT INTO membership_version (cluster_id, version, etag) VALUES (@cluster_id, 0, @etag) ON CONFLICT (cluster_id) DO NOTHING",
                ("@cluster_id", ClusterId), ("@etag", RelationalDatabase.NewETag()));
            return await insert.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken = default) =>
        database.RunAsync($"reading the membership of cluster '{ClusterId}'", async connection =>
        {
            await using var transaction = await database.BeginSnapshotAsync(connection, cancellationToken);
            TableVersion version;
            await using (var select = RelationalDatabase.Command(connection, transaction,
                "SELECT version, etag FROM membership_version WHERE cluster_id = @cluster_id", ("@cluster_id", ClusterId)))
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
            {
                if (!await reader.ReadAsync(cancellationToken))
                    throw new StoreException($"{database.Description}: cluster '{ClusterId}' has no membership version row; call InitializeAsync first.");
                version = new TableVersion(reader.GetInt32(0), reader.GetString(1));
            }

            var rows = new List<MembershipRow>();
            await using (var select = RelationalDatabase.Command(connection, transaction,
                "SELECT host, port, generation, status, gateway_port, host_name, start_time, i_am_alive_time, suspicions, etag " +
                "FROM membership WHERE cluster_id = @cluster_id ORDER BY host, port, generation", ("@cluster_id", ClusterId)))
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                    rows.Add(ReadRow(reader));
            }
            await transaction.CommitAsync(cancellationToken);
            return new MembershipTableData(rows, version);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion newVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(newVersion);
        return ChangeAsync($"inserting silo {entry.Silo} into cluster '{ClusterId}'", newVersion, (connection, transaction) =>
            RelationalDatabase.Command(connection, transaction,
                "INSERT INTO membership (cluster_id, host, port, generation, status, gateway_port, host_name, start_time, i_am_alive_time, suspicions, etag) " +
                "VALUES (@cluster_id, @host, @port, @generation, @status, @gateway_port, @host_name, @start_time, @i_am_alive_time, @suspicions, @etag) " +
                "ON CONFLICT (cluster_id, host, port, generation) DO NOTHING",
                EntryParameters(entry, ("@etag", RelationalDatabase.NewETag()))), cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion newVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(etag);
        ArgumentNullException.ThrowIfNull(newVersion);
        return ChangeAsync($"updating silo {entry.Silo} in cluster '{ClusterId}'", newVersion, (connection, transaction) =>
            RelationalDatabase.Command(connection, transaction,
                "UPDATE membership SET status = @status, gateway_port = @gateway_port, host_name = @host_name, start_time = @start_time, " +
                "i_am_alive_time = @i_am_alive_time, suspicions = @suspicions, etag = @new_etag " +
                $"WHERE {SiloKey} AND etag = @etag",
                EntryParameters(entry, ("@new_etag", RelationalDatabase.NewETag()), ("@etag", etag))), cancellationToken);
    }

    /// <inheritdoc />
    public Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset iAmAliveTime, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return database.RunAsync($"writing the heartbeat of silo {silo} in cluster '{ClusterId}'", async connection =>
        {
            await using var update = RelationalDatabase.Command(connection, null,
                $"UPDATE membership SET i_am_alive_time = @i_am_alive_time WHERE {SiloKey}",
                ("@cluster_id", ClusterId), ("@host", silo.Host), ("@port", silo.Port), ("@generation", silo.Generation),
                ("@i_am_alive_time", iAmAliveTime.ToUniversalTime()));
            if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
                throw new StoreException($"{database.Description}: silo {silo} has no row in cluster '{ClusterId}'; it must join before it heart-beats.");
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteClusterAsync(CancellationToken cancellationToken = default) =>
        database.RunAsync($"deleting cluster '{ClusterId}'", async connection =>
        {
            await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
            foreach (var table in new[] { "membership", "membership_version" })
            {
                await using var delete = RelationalDatabase.Command(connection, transaction,
                    $"DELETE FROM {table} WHERE cluster_id = @cluster_id", ("@cluster_id", ClusterId));
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Swaps the version row (expected etag <paramref name="newVersion"/>.ETag, new number <paramref name="newVersion"/>.Version) and runs
    /// the row change in the same transaction; false, with nothing changed, if either affects no row.
    /// </summary>
    private Task<bool> ChangeAsync(string operation, TableVersion newVersion, Func<DbConnection, DbTransaction, DbCommand> rowChange, CancellationToken cancellationToken) =>
        database.RunAsync(operation, async connection =>
        {
            await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
            await using (var swap = RelationalDatabase.Command(connection, transaction,
                "UPDATE membership_version SET version = @version, etag = @new_etag WHERE cluster_id = @cluster_id AND etag = @etag",
                ("@cluster_id", ClusterId), ("@version", newVersion.Version), ("@new_etag", RelationalDatabase.NewETag()), ("@etag", newVersion.ETag)))
            {
                if (await swap.ExecuteNonQueryAsync(cancellationToken) == 0)
                    return false;
            }
            await using (var change = rowChange(connection, transaction))
            {
                if (await change.ExecuteNonQueryAsync(cancellationToken) == 0)
                    return false;
            }
            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);

    private (string, object)[] EntryParameters(MembershipEntry entry, params (string, object)[] more) =>
    [
        ("@cluster_id", ClusterId), ("@host", entry.Silo.Host), ("@port", entry.Silo.Port), ("@generation", entry.Silo.Generation),
        ("@status", (int)entry.Status), ("@gateway_port", entry.GatewayPort), ("@host_name", entry.HostName),
        ("@start_time", entry.StartTime.ToUniversalTime()), ("@i_am_alive_time", entry.IAmAliveTime.ToUniversalTime()),
        ("@suspicions", SuspicionVotesJson.Write(entry.Suspicions)),
        .. more,
    ];

    private MembershipRow ReadRow(DbDataReader reader)
    {
        var silo = new SiloAddress(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2));
        var status = (SiloStatus)reader.GetInt32(3);
        if (!Enum.IsDefined(status))
            throw new StoreException($"{database.Description}: silo {silo} in cluster '{ClusterId}' has unknown status {(int)status}.");
        var entry = new MembershipEntry(silo, status, reader.GetInt32(4), reader.GetString(5),
            reader.GetFieldValue<DateTimeOffset>(6), reader.GetFieldValue<DateTimeOffset>(7),
            SuspicionVotesJson.Read(reader.GetString(8), $"{silo} of cluster '{ClusterId}'"));
        return new MembershipRow(entry, reader.GetString(9));
    }
}
