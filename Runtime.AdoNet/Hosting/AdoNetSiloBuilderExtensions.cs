using LstmActors.Runtime.AdoNet.Postgres;
using LstmActors.Runtime.AdoNet.Sqlite;
using LstmActors.Runtime.Hosting;
using LstmActors.Runtime.Persistence;

namespace LstmActors.Runtime.AdoNet.Hosting;

/// <summary>Silo wiring of the SQLite and PostgreSQL stores (Orleans' UseAdoNetClustering and AddAdoNetGrainStorage).</summary>
public static class AdoNetSiloBuilderExtensions
{
    /// <summary>Keeps membership in a SQLite file shared by the silo processes of one machine, under the silo's cluster id.</summary>
    public static ISiloBuilder UseSqliteClustering(this ISiloBuilder builder, Action<SqliteStorageOptions> configure) =>
        builder.UseMembershipTable(StoreFactories.SqliteMembership(configure));

    /// <summary>Keeps membership in PostgreSQL, under the silo's cluster id.</summary>
    public static ISiloBuilder UsePostgresClustering(this ISiloBuilder builder, Action<PostgresStorageOptions> configure) =>
        builder.UseMembershipTable(StoreFactories.PostgresMembership(configure));

    /// <summary>Adds a SQLite grain storage provider named <paramref name="name"/>.</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, Action<SqliteStorageOptions> configure, string name = GrainStorageRegistration.DefaultName) =>
        builder.AddGrainStorage(name, StoreFactories.SqliteStorage(configure));

    /// <summary>Adds a PostgreSQL grain storage provider named <paramref name="name"/>.</summary>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder builder, Action<PostgresStorageOptions> configure, string name = GrainStorageRegistration.DefaultName) =>
        builder.AddGrainStorage(name, StoreFactories.PostgresStorage(configure));
}
