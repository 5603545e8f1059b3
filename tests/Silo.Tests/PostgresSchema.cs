using Npgsql;

namespace LstmActors.Silo.Tests;

/// <summary>A schema name no one uses yet in the database named by LSTMACTORS_POSTGRES, and a connection string whose search path is it; dropped at the end.</summary>
internal sealed class PostgresSchema : IAsyncDisposable
{
    private readonly string _serverConnectionString;

    public PostgresSchema()
    {
        _serverConnectionString = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)
            ?? throw new InvalidOperationException($"{PostgresFactAttribute.Variable} is not set.");
        ConnectionString = new NpgsqlConnectionStringBuilder(_serverConnectionString) { SearchPath = Name }.ConnectionString;
    }

    /// <summary>The schema's name (not created: the silo creates it).</summary>
    public string Name { get; } = $"silo_{Guid.NewGuid():N}";

    /// <summary>Connection string whose search path is <see cref="Name"/>.</summary>
    public string ConnectionString { get; }

    /// <summary>The tables in the schema, lower-case, sorted.</summary>
    public async Task<string[]> TablesAsync()
    {
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = @schema ORDER BY tablename", connection);
        command.Parameters.AddWithValue("schema", Name);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        return tables.ToArray();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Name} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
