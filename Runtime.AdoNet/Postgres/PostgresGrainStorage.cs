using LstmActors.Runtime.AdoNet.Relational;

namespace LstmActors.Runtime.AdoNet.Postgres;

/// <summary>Grain state in PostgreSQL; a write is committed when the call returns.</summary>
/// <param name="options">The database.</param>
public sealed class PostgresGrainStorage(PostgresStorageOptions options) : RelationalGrainStorage(new PostgresDatabase(options, "storage"));
