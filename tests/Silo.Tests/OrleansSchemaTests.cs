using LstmActors.Silo.Configuration;
using LstmActors.Silo.Storage;
using Microsoft.Data.Sqlite;

namespace LstmActors.Silo.Tests;

/// <summary>Orleans' scripts applied by the silo: once per database, whoever comes second or at the same time.</summary>
public sealed class OrleansSchemaTests
{
    [Fact]
    public async Task Sqlite_gets_the_main_and_persistence_scripts_once_even_from_silos_starting_together()
    {
        using var folder = new TempFolder();
        var database = new StoreLocation(StoreKind.Sqlite, folder.File("state.db")).ConnectionString;

        var together = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => OrleansSchema.ApplySqliteAsync(database))));
        Assert.Equal(["Sqlite-Main.sql", "Sqlite-Persistence.sql"], together.SelectMany(applied => applied).Order(StringComparer.Ordinal));
        Assert.Empty(await OrleansSchema.ApplySqliteAsync(database));

        await using var connection = new SqliteConnection(database);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM OrleansQuery WHERE QueryKey IN ('WriteToStorageKey', 'ReadFromStorageKey', 'ClearStorageKey')";
        Assert.Equal(3L, await command.ExecuteScalarAsync());
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }

    [Fact]
    public void Every_script_the_silo_applies_is_embedded_verbatim()
    {
        foreach (var name in new[] { "PostgreSQL-Main.sql", "PostgreSQL-Clustering.sql", "PostgreSQL-Persistence.sql", "Sqlite-Main.sql", "Sqlite-Persistence.sql" })
            Assert.Contains("OrleansQuery", OrleansSchema.Script(name));
        Assert.Throws<ArgumentException>(() => OrleansSchema.Script("MySQL-Main.sql"));
    }

    [PostgresFact]
    public async Task Postgres_gets_each_script_once_in_the_search_path_schema_which_is_created_even_from_silos_starting_together()
    {
        await using var schema = new PostgresSchema();

        // Membership first (one silo), then membership and storage from three silos at once.
        Assert.Equal(["PostgreSQL-Main.sql", "PostgreSQL-Clustering.sql"], await OrleansSchema.ApplyPostgresAsync(schema.ConnectionString, clustering: true, persistence: false));
        var together = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => OrleansSchema.ApplyPostgresAsync(schema.ConnectionString, clustering: true, persistence: true))));
        Assert.Equal(["PostgreSQL-Persistence.sql"], together.SelectMany(applied => applied));
        Assert.Empty(await OrleansSchema.ApplyPostgresAsync(schema.ConnectionString, clustering: true, persistence: true));

        Assert.Equal(["orleansmembershiptable", "orleansmembershipversiontable", "orleansquery", "orleansstorage"], await schema.TablesAsync());
    }
}
