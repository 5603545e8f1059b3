using LstmActors.Runtime.AdoNet.Relational;

namespace LstmActors.Runtime.AdoNet.Postgres;

/// <summary>The membership table in PostgreSQL, for a cluster across machines.</summary>
/// <param name="options">The database.</param>
/// <param name="clusterId">The cluster whose rows this table holds; several clusters can share the database.</param>
public sealed class PostgresMembershipTable(PostgresStorageOptions options, string clusterId)
    : RelationalMembershipTable(new PostgresDatabase(options, "membership"), clusterId);
