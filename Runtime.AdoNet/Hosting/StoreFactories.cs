using LstmActors.Runtime.AdoNet.Postgres;
using LstmActors.Runtime.AdoNet.Sqlite;
using LstmActors.Runtime.Configuration;
using LstmActors.Runtime.Membership;
using LstmActors.Runtime.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LstmActors.Runtime.AdoNet.Hosting;

/// <summary>The stores as made at start-up of a silo or client from configured options; tables take the cluster id of its <see cref="ClusterOptions"/>.</summary>
internal static class StoreFactories
{
    /// <summary>A SQLite membership table on the configured file.</summary>
    public static Func<IServiceProvider, IMembershipTable> SqliteMembership(Action<SqliteStorageOptions> configure)
    {
        var options = Configured(configure);
        return services => new SqliteMembershipTable(options, ClusterId(services));
    }

    /// <summary>A PostgreSQL membership table on the configured database.</summary>
    public static Func<IServiceProvider, IMembershipTable> PostgresMembership(Action<PostgresStorageOptions> configure)
    {
        var options = Configured(configure);
        return services => new PostgresMembershipTable(options, ClusterId(services));
    }

    /// <summary>A SQLite grain storage on the configured file.</summary>
    public static Func<IServiceProvider, IGrainStorage> SqliteStorage(Action<SqliteStorageOptions> configure)
    {
        var options = Configured(configure);
        return _ => new SqliteGrainStorage(options);
    }

    /// <summary>A PostgreSQL grain storage on the configured database.</summary>
    public static Func<IServiceProvider, IGrainStorage> PostgresStorage(Action<PostgresStorageOptions> configure)
    {
        var options = Configured(configure);
        return _ => new PostgresGrainStorage(options);
    }

    private static TOptions Configured<TOptions>(Action<TOptions> configure) where TOptions : new()
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new TOptions();
        configure(options);
        return options;
    }

    private static string ClusterId(IServiceProvider services) => services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId;
}
