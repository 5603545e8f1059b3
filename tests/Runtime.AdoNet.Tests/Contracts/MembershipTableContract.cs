using LstmActors.Runtime.AdoNet.Tests.Databases;
using LstmActors.Runtime.AdoNet.Tests.Skipping;
using LstmActors.Runtime.Membership;

namespace LstmActors.Runtime.AdoNet.Tests.Contracts;

/// <summary>What every membership table must do, run against each database kind by a concrete subclass.</summary>
public abstract class MembershipTableContract<TDatabase> : DatabaseContract<TDatabase> where TDatabase : TestDatabase, new()
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 6, 0, 0, 125, TimeSpan.Zero);

    private readonly string clusterId = $"cluster-{Guid.NewGuid():N}";
    private IMembershipTable table = null!;

    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        table = Database.CreateMembershipTable(clusterId);
        await table.InitializeAsync();
    }

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        await table.DeleteClusterAsync();
        await base.DisposeAsync();
    }

    [StoreFact]
    public async Task AFreshClusterIsEmptyAtVersionZero()
    {
        var data = await table.ReadAllAsync();
        Assert.Empty(data.Rows);
        Assert.Equal(0, data.Version.Version);
        Assert.False(string.IsNullOrEmpty(data.Version.ETag));
    }

    [StoreFact]
    public async Task InsertedRowsAreReadBackWithEveryFieldAndTheNewVersion()
    {
        var voter = new SiloAddress("10.0.0.9", 11111, 3);
        var first = Entry("10.0.0.1", 11111, 1, SiloStatus.Joining);
        var second = Entry("10.0.0.2", 11112, 2, SiloStatus.Active,
            new SuspicionVote(voter, Start.AddSeconds(7)), new SuspicionVote(first.Silo, Start.AddMilliseconds(8500)));

        var initial = await table.ReadAllAsync();
        Assert.True(await table.InsertRowAsync(first, initial.Version.Next()));
        var afterFirst = await table.ReadAllAsync();
        Assert.True(await table.InsertRowAsync(second, afterFirst.Version.Next()));
        var data = await table.ReadAllAsync();

        Assert.Equal(1, afterFirst.Version.Version);
        Assert.Equal(2, data.Version.Version);
        Assert.NotEqual(initial.Version.ETag, afterFirst.Version.ETag);
        Assert.NotEqual(afterFirst.Version.ETag, data.Version.ETag);
        Assert.Equal(2, data.Rows.Count);
        AssertSameEntry(first, data.Rows.Single(r => r.Entry.Silo == first.Silo).Entry);
        AssertSameEntry(second, data.Rows.Single(r => r.Entry.Silo == second.Silo).Entry);
        Assert.NotEqual(data.Rows[0].ETag, data.Rows[1].ETag);
    }

    [StoreFact]
    public async Task InsertFailsWhenTheSiloExistsButANewGenerationJoins()
    {
        var entry = Entry("10.0.0.1", 11111, 1);
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));

        var before = await table.ReadAllAsync();
        Assert.False(await table.InsertRowAsync(entry with { HostName = "again" }, before.Version.Next()));
        var after = await table.ReadAllAsync();
        Assert.Equal(before.Version, after.Version);
        Assert.Equal("silo-host", Assert.Single(after.Rows).Entry.HostName);

        var reborn = entry with { Silo = entry.Silo with { Generation = 2 } };
        Assert.True(await table.InsertRowAsync(reborn, after.Version.Next()));
        Assert.Equal(2, (await table.ReadAllAsync()).Rows.Count);
    }

    [StoreFact]
    public async Task InsertFailsWhenTheVersionMoved()
    {
        var stale = await table.ReadAllAsync();
        Assert.True(await table.InsertRowAsync(Entry("10.0.0.1", 11111, 1), stale.Version.Next()));
        Assert.False(await table.InsertRowAsync(Entry("10.0.0.2", 11111, 1), stale.Version.Next()));

        var data = await table.ReadAllAsync();
        Assert.Equal(1, data.Version.Version);
        Assert.Equal("10.0.0.1", Assert.Single(data.Rows).Entry.Silo.Host);
    }

    [StoreFact]
    public async Task UpdateReplacesTheRowAndFailsWithAStaleRowETagOrVersion()
    {
        var entry = Entry("10.0.0.1", 11111, 1, SiloStatus.Joining);
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));
        var read = await table.ReadAllAsync();
        var row = Assert.Single(read.Rows);

        var active = entry with { Status = SiloStatus.Active, Suspicions = [new SuspicionVote(new SiloAddress("10.0.0.2", 1, 1), Start)] };
        Assert.True(await table.UpdateRowAsync(active, row.ETag, read.Version.Next()));
        var updated = await table.ReadAllAsync();
        AssertSameEntry(active, Assert.Single(updated.Rows).Entry);
        Assert.NotEqual(row.ETag, updated.Rows[0].ETag);

        // Stale row etag with a current table version: refused.
        Assert.False(await table.UpdateRowAsync(entry with { Status = SiloStatus.Dead }, row.ETag, updated.Version.Next()));
        // Current row etag with a stale table version: refused.
        Assert.False(await table.UpdateRowAsync(entry with { Status = SiloStatus.Dead }, updated.Rows[0].ETag, read.Version.Next()));

        var after = await table.ReadAllAsync();
        Assert.Equal(updated.Version, after.Version);
        AssertSameEntry(active, Assert.Single(after.Rows).Entry);
    }

    [StoreFact]
    public async Task IAmAliveChangesOnlyTheHeartbeat()
    {
        var entry = Entry("10.0.0.1", 11111, 1);
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));
        var before = await table.ReadAllAsync();

        var heartbeat = Start.AddMinutes(5);
        await table.UpdateIAmAliveAsync(entry.Silo, heartbeat);

        var after = await table.ReadAllAsync();
        Assert.Equal(before.Version, after.Version);
        var row = Assert.Single(after.Rows);
        Assert.Equal(before.Rows[0].ETag, row.ETag);
        AssertSameEntry(entry with { IAmAliveTime = heartbeat }, row.Entry);
    }

    [StoreFact]
    public async Task IAmAliveOfASiloWithoutARowFailsNamingIt()
    {
        var silo = new SiloAddress("10.9.9.9", 4242, 17);
        var error = await Assert.ThrowsAsync<StoreException>(() => table.UpdateIAmAliveAsync(silo, Start));
        Assert.Contains(silo.ToString(), error.Message);
        Assert.Contains(clusterId, error.Message);
    }

    [StoreFact]
    public async Task ClustersSharingTheDatabaseAreIsolated()
    {
        var other = Database.CreateMembershipTable($"other-{Guid.NewGuid():N}");
        await other.InitializeAsync();
        try
        {
            Assert.True(await table.InsertRowAsync(Entry("10.0.0.1", 11111, 1), (await table.ReadAllAsync()).Version.Next()));
            var otherData = await other.ReadAllAsync();
            Assert.Empty(otherData.Rows);
            Assert.Equal(0, otherData.Version.Version);

            // The same silo address may belong to both clusters.
            Assert.True(await other.InsertRowAsync(Entry("10.0.0.1", 11111, 1), otherData.Version.Next()));
            await table.DeleteClusterAsync();
            Assert.Single((await other.ReadAllAsync()).Rows);
        }
        finally
        {
            await other.DeleteClusterAsync();
        }
    }

    [StoreFact]
    public async Task DeleteClusterRemovesItsRowsAndInitializeStartsItAgain()
    {
        Assert.True(await table.InsertRowAsync(Entry("10.0.0.1", 11111, 1), (await table.ReadAllAsync()).Version.Next()));
        await table.DeleteClusterAsync();

        var error = await Assert.ThrowsAsync<StoreException>(() => table.ReadAllAsync());
        Assert.Contains("InitializeAsync", error.Message);

        await table.InitializeAsync();
        var data = await table.ReadAllAsync();
        Assert.Empty(data.Rows);
        Assert.Equal(0, data.Version.Version);
    }

    [StoreFact]
    public async Task OfInsertsHoldingTheSameVersionExactlyOneWins()
    {
        var writers = Enumerable.Range(0, 4).Select(_ => Database.CreateMembershipTable(clusterId)).ToArray();
        for (var round = 0; round < 15; round++)
        {
            var read = await table.ReadAllAsync();
            var results = await RaceAsync(writers, (writer, i) => writer.InsertRowAsync(Entry($"10.0.{round}.{i}", 11111, 1), read.Version.Next()));

            Assert.Single(results, won => won);
            var after = await table.ReadAllAsync();
            Assert.Equal(read.Version.Version + 1, after.Version.Version);
            Assert.Equal(round + 1, after.Rows.Count);
        }
    }

    [StoreFact]
    public async Task OfUpdatesHoldingTheSameETagsExactlyOneWins()
    {
        var entry = Entry("10.0.0.1", 11111, 1);
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));
        var writers = Enumerable.Range(0, 4).Select(_ => Database.CreateMembershipTable(clusterId)).ToArray();
        for (var round = 0; round < 15; round++)
        {
            var read = await table.ReadAllAsync();
            var etag = read.Rows[0].ETag;
            var results = await RaceAsync(writers, (writer, i) =>
                writer.UpdateRowAsync(entry with { HostName = $"writer-{i}" }, etag, read.Version.Next()));

            var winner = Assert.Single(Enumerable.Range(0, writers.Length), i => results[i]);
            var after = await table.ReadAllAsync();
            Assert.Equal(read.Version.Version + 1, after.Version.Version);
            Assert.Equal($"writer-{winner}", after.Rows[0].Entry.HostName);
        }
    }

    [StoreFact]
    public async Task SilosJoiningAtOnceFromSeparateInstancesAllGetIn()
    {
        const int silos = 8;
        var joins = Enumerable.Range(0, silos).Select(i => Task.Run(async () =>
        {
            // Each silo has its own table instance, hence its own connections, and retries on a lost race as a silo does.
            var own = Database.CreateMembershipTable(clusterId);
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var read = await own.ReadAllAsync();
                if (await own.InsertRowAsync(Entry("10.0.0.1", 20000 + i, 1), read.Version.Next()))
                    return;
            }
            throw new InvalidOperationException($"silo {i} lost 1000 races in a row");
        })).ToArray();
        await Task.WhenAll(joins);

        var data = await table.ReadAllAsync();
        Assert.Equal(silos, data.Version.Version);
        Assert.Equal(Enumerable.Range(20000, silos), data.Rows.Select(r => r.Entry.Silo.Port).Order());
    }

    /// <summary>Starts every writer's call at once and returns their results in writer order.</summary>
    private static Task<bool[]> RaceAsync(IMembershipTable[] writers, Func<IMembershipTable, int, Task<bool>> call)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = writers.Select((writer, i) => Task.Run(async () =>
        {
            await start.Task;
            return await call(writer, i);
        })).ToArray();
        start.SetResult();
        return Task.WhenAll(calls);
    }

    private static MembershipEntry Entry(string host, int port, long generation, SiloStatus status = SiloStatus.Active, params SuspicionVote[] votes) =>
        new(new SiloAddress(host, port, generation), status, port + 1000, "silo-host", Start, Start.AddSeconds(1), votes);

    private static void AssertSameEntry(MembershipEntry expected, MembershipEntry actual)
    {
        Assert.Equal(expected.Silo, actual.Silo);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.GatewayPort, actual.GatewayPort);
        Assert.Equal(expected.HostName, actual.HostName);
        Assert.Equal(expected.StartTime, actual.StartTime);
        Assert.Equal(expected.IAmAliveTime, actual.IAmAliveTime);
        Assert.Equal(expected.Suspicions, actual.Suspicions);
    }
}
