using LstmActors.Runtime.AdoNet.Hosting;
using LstmActors.Runtime.Hosting;
using LstmActors.Runtime.Membership;

namespace LstmActors.Silo.Configuration;

/// <summary>Wires the membership table and grain storage a <see cref="StoreLocation"/> names into a silo.</summary>
public static class StoreWiring
{
    /// <summary>Uses <paramref name="location"/> for membership; <c>memory</c> makes a cluster of this one process.</summary>
    public static ISiloBuilder UseMembership(this ISiloBuilder silo, StoreLocation location) => location.Kind switch
    {
        StoreKind.Memory => silo.UseInMemoryClustering(new InMemoryMembershipTable()),
        StoreKind.Sqlite => silo.UseSqliteClustering(o => o.DataSource = location.Target),
        _ => silo.UsePostgresClustering(o => o.ConnectionString = location.Target),
    };

    /// <summary>Uses <paramref name="location"/> as the default grain storage.</summary>
    public static ISiloBuilder UseGrainStorage(this ISiloBuilder silo, StoreLocation location) => location.Kind switch
    {
        StoreKind.Memory => silo.AddMemoryGrainStorage(),
        StoreKind.Sqlite => silo.AddSqliteGrainStorage(o => o.DataSource = location.Target),
        _ => silo.AddPostgresGrainStorage(o => o.ConnectionString = location.Target),
    };
}
