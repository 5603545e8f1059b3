using System.Data.Common;
using LstmActors.Runtime.AdoNet.Hosting;
using LstmActors.Runtime.AdoNet.Postgres;
using LstmActors.Runtime.Hosting;
using LstmActors.Runtime.Membership;
using LstmActors.Runtime.Persistence;
using Npgsql;

namespace LstmActors.Runtime.AdoNet.Tests.Databases;

/// <summary>A new schema in the database named by LSTMACTORS_POSTGRES (the stores find it on their search path), dropped afterwards.</summary>
public sealed class PostgresTestDatabase : TestDatabase
{
    /// <summary>The variable that holds the test database's connection string.</summary>
    public const string Variable = "LSTMACTORS_POSTGRES";

    private readonly string serverConnectionString;
    private readonly string schema = $"test_{Guid.NewGuid():N}";
    private readonly PostgresStorageOptions options;

    /// <summary>Reads the connection string; the test class is skipped when it is missing, so here it must be set.</summary>
    public PostgresTestDatabase()
    {
        serverConnectionString = Environment.GetEnvironmentVariable(Variable)
            ?? throw new InvalidOperationException($"{Variable} is not set.");
        options = new PostgresStorageOptions
        {
            ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { SearchPath = schema }.ConnectionString,
        };
    }

    /// <inheritdoc />
    public override string MigrationsFolder => "Postgres/Migrations/";

    /// <inheritdoc />
    public override IReadOnlyList<string> WorkerArguments => ["postgres", options.ConnectionString];

    /// <inheritdoc />
    public override async Task CreateAsync()
    {
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <inheritdoc />
    public override IMembershipTable CreateMembershipTable(string clusterId) => new PostgresMembershipTable(options, clusterId);

    /// <inheritdoc />
    public override IGrainStorage CreateGrainStorage() => new PostgresGrainStorage(options);

    /// <inheritdoc />
    public override ISiloBuilder ConfigureStores(ISiloBuilder silo) =>
        silo.UsePostgresClustering(o => o.ConnectionString = options.ConnectionString)
            .AddPostgresGrainStorage(o => o.ConnectionString = options.ConnectionString);

    /// <inheritdoc />
    public override IClientBuilder ConfigureClustering(IClientBuilder client) =>
        client.UsePostgresClustering(o => o.ConnectionString = options.ConnectionString);

    /// <inheritdoc />
    public override void DropPooledConnections()
    {
        using var connection = new NpgsqlConnection(options.ConnectionString);
        NpgsqlConnection.ClearPool(connection);
    }

    /// <inheritdoc />
    protected override DbConnection CreateConnection() => new NpgsqlConnection(options.ConnectionString);

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        DropPooledConnections();
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
