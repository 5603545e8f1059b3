using Npgsql;

namespace LstmActors.Cluster.Tests.Postgres;

/// <summary>
/// A fresh schema in the database named by LSTMACTORS_POSTGRES for one test's membership table and grain state (the
/// silos create Orleans' tables in it), dropped at the end.
/// </summary>
public sealed class ClusterSchema : IAsyncDisposable
{
    /// <summary>The variable that holds the test database's connection string.</summary>
    public const string Variable = "LSTMACTORS_POSTGRES";

    private readonly string _serverConnectionString;
    private readonly string _name = $"cluster_{Guid.NewGuid():N}";

    private ClusterSchema(string serverConnectionString)
    {
        _serverConnectionString = serverConnectionString;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { SearchPath = _name }.ConnectionString;
    }

    /// <summary>Connection string whose search path is this schema.</summary>
    public string ConnectionString { get; }

    /// <summary>
    /// <see cref="ConnectionString"/> as its own small Npgsql pool (a distinct application name is a distinct pool):
    /// several silos and the client share the server's connections, and membership heartbeats never wait behind a burst
    /// of grain-state writes.
    /// </summary>
    public string Pool(string applicationName, int maxPoolSize) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { ApplicationName = applicationName, MaxPoolSize = maxPoolSize }.ConnectionString;

    /// <summary>Creates the schema; throws, naming the server, when PostgreSQL cannot be reached.</summary>
    public static async Task<ClusterSchema> CreateAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable(Variable)
            ?? throw new InvalidOperationException($"{Variable} is not set.");
        var schema = new ClusterSchema(connectionString);
        try
        {
            await schema.ExecuteAsync($"CREATE SCHEMA {schema._name}");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            var server = new NpgsqlConnectionStringBuilder(connectionString);
            throw new InvalidOperationException($"{Variable} is set but PostgreSQL at {server.Host}:{server.Port} (database {server.Database}) cannot be used: {e.Message}", e);
        }
        return schema;
    }

    /// <summary>The payload of every row of Orleans' ADO.NET storage table holding a grain state named <paramref name="stateName"/>.</summary>
    public async Task<IReadOnlyList<byte[]>> StoredPayloadsAsync(string stateName)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT payloadbinary FROM orleansstorage WHERE graintypestring = @state AND payloadbinary IS NOT NULL", connection);
        // Orleans keys a state row by the state's name (as given to [PersistentState]), in its grain type column.
        command.Parameters.AddWithValue("state", stateName);
        var payloads = new List<byte[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) payloads.Add((byte[])reader[0]);
        return payloads;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP SCHEMA IF EXISTS {_name} CASCADE");
    }
}
