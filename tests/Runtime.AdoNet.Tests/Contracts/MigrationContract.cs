using LstmActors.Runtime.AdoNet.Relational;
using LstmActors.Runtime.AdoNet.Tests.Databases;
using LstmActors.Runtime.AdoNet.Tests.Skipping;

namespace LstmActors.Runtime.AdoNet.Tests.Contracts;

/// <summary>How the stores create and upgrade their schema, run against each database kind by a concrete subclass.</summary>
public abstract class MigrationContract : IAsyncLifetime
{
    private TestDatabase database = null!;

    /// <summary>A fresh database of the kind under test.</summary>
    protected abstract TestDatabase CreateDatabase();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        database = CreateDatabase();
        await database.CreateAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync() => await database.DisposeAsync();

    [StoreFact]
    public async Task InitializingTwiceRecordsEveryScriptOnce()
    {
        var table = database.CreateMembershipTable($"cluster-{Guid.NewGuid():N}");
        var storage = database.CreateGrainStorage();
        await table.InitializeAsync();
        await storage.InitializeAsync();
        await table.InitializeAsync();
        await storage.InitializeAsync();

        await AssertEveryScriptRecordedOnceAsync();
    }

    [StoreFact]
    public async Task SeveralInstancesInitializingAFreshDatabaseAtOnceAllSucceed()
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var initializations = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            await start.Task;
            if (i % 2 == 0)
                await database.CreateMembershipTable($"cluster-{i}").InitializeAsync();
            else
                await database.CreateGrainStorage().InitializeAsync();
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(initializations);

        await AssertEveryScriptRecordedOnceAsync();
        // The schema works: every cluster got its version row, and state can be written.
        for (var i = 0; i < 6; i += 2)
            Assert.Equal(0, (await database.CreateMembershipTable($"cluster-{i}").ReadAllAsync()).Version.Version);
        await database.CreateGrainStorage().WriteAsync(new("T", "k", "s"), new byte[] { 1 }, null);
    }

    [StoreFact]
    public async Task ASchemaNewerThanTheBuildIsRefused()
    {
        await database.CreateGrainStorage().InitializeAsync();
        var newest = MigrationScript.Load(database.MigrationsFolder)[^1].Version;
        await database.ExecuteAsync(
            $"INSERT INTO schema_version (version, name, applied_at) VALUES ({newest + 1}, 'from_the_future', '2030-01-01T00:00:00Z')");

        var error = await Assert.ThrowsAsync<StoreException>(() => database.CreateGrainStorage().InitializeAsync());
        Assert.Contains($"schema version {newest + 1}", error.Message);
    }

    [StoreFact]
    public async Task UsingAStoreBeforeInitializingFailsNamingTheOperation()
    {
        var error = await Assert.ThrowsAsync<StoreException>(() => database.CreateGrainStorage().ReadAsync(new("T", "k", "s")));
        Assert.Contains("reading grain state 'T/k/s'", error.Message);
    }

    private async Task AssertEveryScriptRecordedOnceAsync()
    {
        var expected = MigrationScript.Load(database.MigrationsFolder).Select(s => (s.Version, s.Name)).ToArray();
        var recorded = (await database.QueryAsync("SELECT version, name FROM schema_version ORDER BY version"))
            .Select(row => (Convert.ToInt32(row[0]), (string)row[1])).ToArray();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, recorded);
    }
}
