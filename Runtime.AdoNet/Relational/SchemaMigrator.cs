namespace LstmActors.Runtime.AdoNet.Relational;

/// <summary>Brings a database's schema to the newest embedded migration, recording each applied script in schema_version.</summary>
internal static class SchemaMigrator
{
    /// <summary>Applies the scripts the database has not seen yet, all in one transaction that excludes other migrating processes.</summary>
    public static Task MigrateAsync(RelationalDatabase database, CancellationToken cancellationToken) =>
        database.RunAsync("applying schema migrations", async connection =>
        {
            var scripts = MigrationScript.Load(database.MigrationsFolder);
            await using var transaction = await database.BeginMigrationAsync(connection, cancellationToken);
            await using (var create = RelationalDatabase.Command(connection, transaction, database.CreateSchemaVersionTableSql))
                await create.ExecuteNonQueryAsync(cancellationToken);

            int current;
            await using (var select = RelationalDatabase.Command(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version"))
                current = Convert.ToInt32(await select.ExecuteScalarAsync(cancellationToken));
            var newest = scripts[^1].Version;
            if (current > newest)
                throw new StoreException($"{database.Description}: schema version {current} is newer than this build knows ({newest}); run a newer build against it.");

            foreach (var script in scripts.Where(s => s.Version > current))
            {
                await using (var apply = RelationalDatabase.Command(connection, transaction, script.Sql))
                    await apply.ExecuteNonQueryAsync(cancellationToken);
                await using var record = RelationalDatabase.Command(connection, transaction,
                    "INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @applied_at)",
                    ("@version", script.Version), ("@name", script.Name), ("@applied_at", DateTimeOffset.UtcNow));
                await record.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            return current;
        }, cancellationToken);
}
