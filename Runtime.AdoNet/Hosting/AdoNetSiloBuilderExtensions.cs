using LstmActors.Runtime.AdoNet.Postgres;
using LstmActors.Runtime.AdoNet.Sqlite;
using LstmActors.Runtime.Hosting;
using LstmActors.Runtime.Persistence;

namespace LstmActors.Runtime.AdoNet.Hosting;

/// <summary>Silo wiring of the SQLite and PostgreSQL stores (Orleans' UseAdoNetClustering and AddAdoNetGrainStorage).</summary>
public static class AdoNetSiloBuilderExtensions
{
    /// <summary>Keeps membership in a SQLite file shared by the silo processes of one machine, under the silo's cluster id.</summary>
    public static ISiloBuilder UseSqliteClustering(this ISiloBuilder builder, Action<SqliteStorageOptions> configure)
    {
        var options = StoreOptions.Configured(configure);
        return builder.UseMembershipTable(services => new SqliteMembershipTable(options, StoreOptions.ClusterId(services)));
    }

    /// <summary>Keeps membership in PostgreSQL, under the silo's cluster id.</summary>
    public static ISiloBuilder UsePostgresClustering(this ISiloBuilder builder, Action<PostgresStorageOptions> configure)
    {
        var options = StoreOptions.Configured(configure);
        return builder.UseMembershipTable(services => new PostgresMembershipTable(options, StoreOptions.ClusterId(services)));
    }

    /// <summary>Adds a SQLite grain storage provider named <paramref name="name"/>.</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, Action<SqliteStorageOptions> configure, string name = GrainStorageRegistration.DefaultName)
    {
        var options = StoreOptions.Configured(configure);
        return builder.AddGrainStorage(name, _ => new SqliteGrainStorage(options));
    }

    /// <summary>Adds a PostgreSQL grain storage provider named <paramref name="name"/>.</summary>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder builder, Action<PostgresStorageOptions> configure, string name = GrainStorageRegistration.DefaultName)
    {
        var options = StoreOptions.Configured(configure);
        return builder.AddGrainStorage(name, _ => new PostgresGrainStorage(options));
    }
}
