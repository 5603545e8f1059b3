namespace LstmActors.Runtime.Membership;

/// <summary>The cluster's membership store (Orleans' IMembershipTable): every change is a compare-and-swap on the table version.</summary>
public interface IMembershipTable
{
    /// <summary>Creates the store's schema if needed (idempotent, versioned migrations).</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads every row of this cluster and the current table version.</summary>
    Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken = default);

    /// <summary>Inserts a row and bumps the table version to <paramref name="newVersion"/>; false if the version moved or the silo exists.</summary>
    Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion newVersion, CancellationToken cancellationToken = default);

    /// <summary>Replaces a row if its etag and the table version still match; false otherwise.</summary>
    Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion newVersion, CancellationToken cancellationToken = default);

    /// <summary>Writes the silo's heartbeat time only (no version change, no etag check).</summary>
    Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset iAmAliveTime, CancellationToken cancellationToken = default);

    /// <summary>Removes every row of this cluster (tests and tear-down).</summary>
    Task DeleteClusterAsync(CancellationToken cancellationToken = default);
}
