using LstmActors.Runtime.AdoNet.Relational;

namespace LstmActors.Runtime.AdoNet.Sqlite;

/// <summary>Grain state in a SQLite file (the embedded default); a write is on disk when the call returns.</summary>
/// <param name="options">The database file.</param>
public sealed class SqliteGrainStorage(SqliteStorageOptions options) : RelationalGrainStorage(new SqliteDatabase(options));
