using System.Globalization;

namespace LstmActors.Runtime.Membership;

/// <summary>Membership table in process memory: one instance shared by every silo of a single-process cluster (TestCluster).</summary>
public sealed class InMemoryMembershipTable : IMembershipTable
{
    private readonly Dictionary<SiloAddress, MembershipRow> _rows = [];
    private readonly Lock _lock = new();
    private TableVersion _version = new(0, "0");
    private long _nextETag;

    private string NewETag() => (++_nextETag).ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock) return Task.FromResult(new MembershipTableData(_rows.Values.ToArray(), _version));
    }

    /// <inheritdoc />
    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion newVersion, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!VersionMatches(newVersion) || _rows.ContainsKey(entry.Silo)) return Task.FromResult(false);
            _rows[entry.Silo] = new MembershipRow(entry, NewETag());
            _version = new TableVersion(newVersion.Version, NewETag());
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion newVersion, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!VersionMatches(newVersion) || !_rows.TryGetValue(entry.Silo, out var row) || row.ETag != etag) return Task.FromResult(false);
            _rows[entry.Silo] = new MembershipRow(entry, NewETag());
            _version = new TableVersion(newVersion.Version, NewETag());
            return Task.FromResult(true);
        }
    }

    private bool VersionMatches(TableVersion newVersion) => newVersion.Version == _version.Version + 1 && newVersion.ETag == _version.ETag;

    /// <inheritdoc />
    public Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset iAmAliveTime, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_rows.TryGetValue(silo, out var row)) _rows[silo] = row with { Entry = row.Entry with { IAmAliveTime = iAmAliveTime } };
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task DeleteClusterAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _rows.Clear();
            _version = new TableVersion(0, NewETag());
            return Task.CompletedTask;
        }
    }
}
