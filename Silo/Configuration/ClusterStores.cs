using LstmActors.Runtime.AdoNet.Postgres;
using LstmActors.Runtime.AdoNet.Sqlite;
using LstmActors.Runtime.Membership;
using LstmActors.Runtime.Persistence;

namespace LstmActors.Silo.Configuration;

/// <summary>Creates the membership table and grain storage a <see cref="StoreLocation"/> names.</summary>
public static class ClusterStores
{
    /// <summary>The membership table for <paramref name="location"/>, holding the rows of <paramref name="clusterId"/>.</summary>
    public static IMembershipTable CreateMembershipTable(StoreLocation location, string clusterId) => location.Kind switch
    {
        StoreKind.Memory => new InMemoryMembershipTable(),
        StoreKind.Sqlite => new SqliteMembershipTable(new SqliteStorageOptions { DataSource = location.Target }, clusterId),
        _ => new PostgresMembershipTable(new PostgresStorageOptions { ConnectionString = location.Target }, clusterId),
    };

    /// <summary>The grain storage for <paramref name="location"/>.</summary>
    public static IGrainStorage CreateGrainStorage(StoreLocation location) => location.Kind switch
    {
        StoreKind.Memory => new InMemoryGrainStorage(),
        StoreKind.Sqlite => new SqliteGrainStorage(new SqliteStorageOptions { DataSource = location.Target }),
        _ => new PostgresGrainStorage(new PostgresStorageOptions { ConnectionString = location.Target }),
    };
}
