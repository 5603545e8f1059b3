using LstmActors.Runtime.AdoNet.Postgres;
using LstmActors.Runtime.AdoNet.Sqlite;

namespace LstmActors.Runtime.AdoNet.Tests;

/// <summary>Bad settings are refused at construction with the setting named; an unusable file fails naming its path.</summary>
public sealed class OptionsValidationTests
{
    [Fact]
    public void AMissingSqliteDataSourceIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new SqliteGrainStorage(new SqliteStorageOptions()));
        Assert.Contains("DataSource", error.Message);
    }

    [Fact]
    public void ANonPositiveBusyTimeoutIsRefused()
    {
        var options = new SqliteStorageOptions { DataSource = Path.Combine(Path.GetTempPath(), "unused.db"), BusyTimeout = TimeSpan.Zero };
        var error = Assert.Throws<ArgumentException>(() => new SqliteMembershipTable(options, "cluster"));
        Assert.Contains("BusyTimeout", error.Message);
    }

    [Fact]
    public void AnInvalidPostgresConnectionStringIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new PostgresGrainStorage(new PostgresStorageOptions { ConnectionString = "Host=localhost;NoSuchKeyword=1" }));
        Assert.Contains("ConnectionString", error.Message);
    }

    [Fact]
    public void AnEmptyClusterIdIsRefused()
    {
        Assert.Throws<ArgumentException>(() =>
            new PostgresMembershipTable(new PostgresStorageOptions { ConnectionString = "Host=localhost" }, " "));
    }

    [Fact]
    public async Task AnUnreachablePostgresServerFailsNamingTheServerAndTheKey()
    {
        // Port 1 on loopback refuses at once; the password must not appear in the error.
        var storage = new PostgresGrainStorage(new PostgresStorageOptions { ConnectionString = "Host=127.0.0.1;Port=1;Username=u;Password=secret-pw;Database=d;Timeout=5" });
        var error = await Assert.ThrowsAsync<StoreException>(() => storage.ReadAsync(new("SeriesGrain", "AAPL", "state")));
        Assert.Contains("127.0.0.1:1", error.Message);
        Assert.Contains("'d'", error.Message);
        Assert.Contains("SeriesGrain/AAPL/state", error.Message);
        Assert.DoesNotContain("secret-pw", error.Message);
    }

    [Fact]
    public async Task ADataSourceThatIsAFolderFailsNamingThePath()
    {
        var folder = Directory.CreateTempSubdirectory("lstmactors-adonet-folder").FullName;
        try
        {
            var error = await Assert.ThrowsAsync<StoreException>(() => new SqliteGrainStorage(new SqliteStorageOptions { DataSource = folder }).InitializeAsync());
            Assert.Contains(folder, error.Message);
            Assert.Contains("applying schema migrations", error.Message);
        }
        finally
        {
            Directory.Delete(folder);
        }
    }
}
