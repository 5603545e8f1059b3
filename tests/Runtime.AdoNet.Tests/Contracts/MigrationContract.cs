using LstmActors.Runtime.AdoNet.Relational;
using LstmActors.Runtime.AdoNet.Tests.Databases;
using LstmActors.Runtime.AdoNet.Tests.Skipping;

namespace LstmActors.Runtime.AdoNet.Tests.Contracts;

/// <summary>How the stores create and upgrade their schema, run against each database kind by a concrete subclass.</summary>
public abstract class MigrationContract<TDatabase> : DatabaseContract<TDatabase> where TDatabase : TestDatabase, new()
{
    [StoreFact]
    public async Task InitializingTwiceRecordsEveryScriptOnce()
    {
        var table = Database.CreateMembershipTable($"cluster-{Guid.NewGuid():N}");
        var storage = Database.CreateGrainStorage();
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
                await Database.CreateMembershipTable($"cluster-{i}").InitializeAsync();
            else
                await Database.CreateGrainStorage().InitializeAsync();
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(initializations);

        await AssertEveryScriptRecordedOnceAsync();
        // The schema works: every cluster got its version row, and state can be written.
        for (var i = 0; i < 6; i += 2)
            Assert.Equal(0, (await Database.CreateMembershipTable($"cluster-{i}").ReadAllAsync()).Version.Version);
        await Database.CreateGrainStorage().WriteAsync(new("T", "k", "s"), new byte[] { 1 }, null);
    }

    [StoreFact]
    public async Task ASchemaNewerThanTheBuildIsRefused()
    {
        await Database.CreateGrainStorage().InitializeAsync();
        var newest = MigrationScript.Load(Database.MigrationsFolder)[^1].Version;
        await Database.ExecuteAsync(
            $"INSERT INTO schema_version (version, name, applied_at) VALUES ({newest + 1}, 'from_the_future', '2030-01-01T00:00:00Z')");

        var error = await Assert.ThrowsAsync<StoreException>(() => Database.CreateGrainStorage().InitializeAsync());
        Assert.Contains($"schema version {newest + 1}", error.Message);
    }

    [StoreFact]
    public async Task UsingAStoreBeforeInitializingFailsNamingTheOperation()
    {
        var error = await Assert.ThrowsAsync<StoreException>(() => Database.CreateGrainStorage().ReadAsync(new("T", "k", "s")));
        Assert.Contains("reading grain state 'T/k/s'", error.Message);
    }

    private async Task AssertEveryScriptRecordedOnceAsync()
    {
        var expected = MigrationScript.Load(Database.MigrationsFolder).Select(s => (s.Version, s.Name)).ToArray();
        var recorded = (await Database.QueryAsync("SELECT version, name FROM schema_version ORDER BY version"))
            .Select(row => (Convert.ToInt32(row[0]), (string)row[1])).ToArray();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, recorded);
    }
}
