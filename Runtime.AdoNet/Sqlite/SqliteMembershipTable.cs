using LstmActors.Runtime.AdoNet.Relational;

namespace LstmActors.Runtime.AdoNet.Sqlite;

/// <summary>The membership table in a SQLite file shared by the silo processes of one machine.</summary>
/// <param name="options">The database file.</param>
/// <param name="clusterId">The cluster whose rows this table holds; several clusters can share the file.</param>
public sealed class SqliteMembershipTable(SqliteStorageOptions options, string clusterId)
    : RelationalMembershipTable(new SqliteDatabase(options), clusterId);
