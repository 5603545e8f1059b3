using LstmActors.Runtime.AdoNet.Postgres;
using Npgsql;

namespace LstmActors.Cluster.Tests.Postgres;

/// <summary>A fresh schema in the database named by LSTMACTORS_POSTGRES, holding one test's membership table and grain state; dropped at the end.</summary>
public sealed class ClusterSchema : IAsyncDisposable
{
    /// <summary>The variable that holds the test database's connection string.</summary>
    public const string Variable = "LSTMACTORS_POSTGRES";

    private readonly string _serverConnectionString;
    private readonly string _schema = $"cluster_{Guid.NewGuid():N}";

    private ClusterSchema(string serverConnectionString)
    {
        _serverConnectionString = serverConnectionString;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { SearchPath = _schema }.ConnectionString;
    }

    /// <summary>Connection string whose search path is this schema (what the silos and the client use).</summary>
    public string ConnectionString { get; }

    /// <summary>Creates the schema; throws, naming the server, when PostgreSQL cannot be reached.</summary>
    public static async Task<ClusterSchema> CreateAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable(Variable)
            ?? throw new InvalidOperationException($"{Variable} is not set.");
        var schema = new ClusterSchema(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema._schema}", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new InvalidOperationException($"{Variable} is set but PostgreSQL at {builder.Host}:{builder.Port} (database {builder.Database}) cannot be used: {e.Message}", e);
        }
        return schema;
    }

    /// <summary>Grain storage reading this schema directly (to check what a silo wrote).</summary>
    public PostgresGrainStorage GrainStorage() => new(new PostgresStorageOptions { ConnectionString = ConnectionString });

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
