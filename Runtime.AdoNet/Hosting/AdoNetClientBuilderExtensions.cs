using LstmActors.Runtime.AdoNet.Postgres;
using LstmActors.Runtime.AdoNet.Sqlite;
using LstmActors.Runtime.Hosting;

namespace LstmActors.Runtime.AdoNet.Hosting;

/// <summary>Client wiring of the SQLite and PostgreSQL membership tables, where the client finds the gateways (Orleans' UseAdoNetClustering).</summary>
public static class AdoNetClientBuilderExtensions
{
    /// <summary>Finds gateways in the SQLite membership file of the silos, under the client's cluster id.</summary>
    public static IClientBuilder UseSqliteClustering(this IClientBuilder builder, Action<SqliteStorageOptions> configure) =>
        builder.UseMembershipTable(StoreFactories.SqliteMembership(configure));

    /// <summary>Finds gateways in the PostgreSQL membership table of the silos, under the client's cluster id.</summary>
    public static IClientBuilder UsePostgresClustering(this IClientBuilder builder, Action<PostgresStorageOptions> configure) =>
        builder.UseMembershipTable(StoreFactories.PostgresMembership(configure));
}
