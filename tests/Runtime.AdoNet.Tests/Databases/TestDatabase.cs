using System.Data.Common;
using LstmActors.Runtime.Hosting;
using LstmActors.Runtime.Membership;
using LstmActors.Runtime.Persistence;

namespace LstmActors.Runtime.AdoNet.Tests.Databases;

/// <summary>A fresh, empty database of one kind for one test, removed afterwards; stores made from it share it.</summary>
public abstract class TestDatabase : IAsyncDisposable
{
    /// <summary>Resource folder of this kind's migration scripts.</summary>
    public abstract string MigrationsFolder { get; }

    /// <summary>How a <see cref="MultiProcess.StoreWorker"/> process reaches this database: its kind and data source or connection string.</summary>
    public abstract IReadOnlyList<string> WorkerArguments { get; }

    /// <summary>Creates the empty database.</summary>
    public abstract Task CreateAsync();

    /// <summary>A new membership table instance on this database.</summary>
    public abstract IMembershipTable CreateMembershipTable(string clusterId);

    /// <summary>A new grain storage instance on this database.</summary>
    public abstract IGrainStorage CreateGrainStorage();

    /// <summary>Makes a silo keep membership and its default grain storage in this database.</summary>
    public abstract ISiloBuilder ConfigureStores(ISiloBuilder silo);

    /// <summary>Makes a client find the gateways in this database's membership table.</summary>
    public abstract IClientBuilder ConfigureClustering(IClientBuilder client);

    /// <summary>Closes every pooled connection, as a process restart would.</summary>
    public abstract void DropPooledConnections();

    /// <summary>A plain connection for the test to inspect or tamper with the database.</summary>
    protected abstract DbConnection CreateConnection();

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();

    /// <summary>Runs one query and returns every row's values.</summary>
    public async Task<List<object[]>> QueryAsync(string sql)
    {
        await using var connection = CreateConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            rows.Add(values);
        }
        return rows;
    }

    /// <summary>Runs one statement.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = CreateConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
