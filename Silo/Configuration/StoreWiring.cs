using LstmActors.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Providers;

namespace LstmActors.Silo.Configuration;

/// <summary>Wires the Orleans clustering and grain storage a <see cref="StoreLocation"/> names into a silo, with the tables they need.</summary>
public static class StoreWiring
{
    /// <summary>The ADO.NET invariant Orleans maps to Microsoft.Data.Sqlite (Orleans' AdoNetInvariants.InvariantNameSqlLite).</summary>
    public const string SqliteInvariant = "System.Data.SQLite";

    /// <summary>The ADO.NET invariant of Npgsql.</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>
    /// Uses <paramref name="location"/> for membership: <c>localhost</c> is Orleans' development clustering on these ports
    /// (this silo alone); <c>postgres:</c> is Orleans' ADO.NET clustering, its tables created at start-up if missing.
    /// </summary>
    public static ISiloBuilder UseMembership(this ISiloBuilder silo, StoreLocation location, int siloPort, int gatewayPort)
    {
        switch (location.Kind)
        {
            case StoreKind.Localhost:
                return silo.UseLocalhostClustering(siloPort, gatewayPort);
            case StoreKind.Postgres:
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = PostgresInvariant;
                    o.ConnectionString = location.ConnectionString;
                });
                return silo.ApplySchemaAtStart(location, ct => OrleansSchema.ApplyPostgresAsync(location.ConnectionString, clustering: true, persistence: false, ct));
            default:
                throw new ArgumentException($"Membership cannot be kept in '{location}'.", nameof(location));
        }
    }

    /// <summary>
    /// Uses <paramref name="location"/> as the grain storage named <paramref name="name"/> (Orleans' default provider unless
    /// told): in memory, or Orleans' ADO.NET storage on SQLite or PostgreSQL, its tables created at start-up if missing.
    /// </summary>
    public static ISiloBuilder UseGrainStorage(this ISiloBuilder silo, StoreLocation location, string name = ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)
    {
        switch (location.Kind)
        {
            case StoreKind.Memory:
                return silo.AddMemoryGrainStorage(name);
            case StoreKind.Sqlite:
                silo.AddAdoNetGrainStorage(name, o =>
                {
                    o.Invariant = SqliteInvariant;
                    o.ConnectionString = location.ConnectionString;
                });
                return silo.ApplySchemaAtStart(location, ct => OrleansSchema.ApplySqliteAsync(location.ConnectionString, ct));
            case StoreKind.Postgres:
                silo.AddAdoNetGrainStorage(name, o =>
                {
                    o.Invariant = PostgresInvariant;
                    o.ConnectionString = location.ConnectionString;
                });
                return silo.ApplySchemaAtStart(location, ct => OrleansSchema.ApplyPostgresAsync(location.ConnectionString, clustering: false, persistence: true, ct));
            default:
                throw new ArgumentException($"Grain state cannot be kept in '{location}'.", nameof(location));
        }
    }

    private static ISiloBuilder ApplySchemaAtStart(this ISiloBuilder silo, StoreLocation location, Func<CancellationToken, Task<IReadOnlyList<string>>> apply)
    {
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services =>
            new OrleansSchemaStartup(location.ToString(), apply, services.GetRequiredService<ILogger<OrleansSchemaStartup>>()));
        return silo;
    }
}
