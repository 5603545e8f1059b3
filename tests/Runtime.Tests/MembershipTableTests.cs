using LstmActors.Runtime.Membership;

namespace Runtime.Tests;

public sealed class MembershipTableTests
{
    private static MembershipEntry Entry(int port, SiloStatus status = SiloStatus.Active)
        => new(new SiloAddress("127.0.0.1", port, 1), status, port + 1, "host", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, []);

    [Fact]
    public async Task Changes_are_compare_and_swap_on_table_version_and_row_etag()
    {
        var table = new InMemoryMembershipTable();
        var empty = await table.ReadAllAsync();
        Assert.True(await table.InsertRowAsync(Entry(1), empty.Version.Next()));
        Assert.False(await table.InsertRowAsync(Entry(2), empty.Version.Next()));

        var one = await table.ReadAllAsync();
        Assert.False(await table.InsertRowAsync(Entry(1), one.Version.Next()));
        var row = Assert.Single(one.Rows);
        Assert.True(await table.UpdateRowAsync(Entry(1, SiloStatus.Dead), row.ETag, one.Version.Next()));
        var two = await table.ReadAllAsync();
        Assert.False(await table.UpdateRowAsync(Entry(1, SiloStatus.Active), row.ETag, two.Version.Next()));
        Assert.Equal(SiloStatus.Dead, Assert.Single((await table.ReadAllAsync()).Rows).Entry.Status);
    }

    [Fact]
    public async Task IAmAlive_updates_only_the_heartbeat_time()
    {
        var table = new InMemoryMembershipTable();
        Assert.True(await table.InsertRowAsync(Entry(1), (await table.ReadAllAsync()).Version.Next()));
        var before = await table.ReadAllAsync();
        var now = DateTimeOffset.UtcNow;
        await table.UpdateIAmAliveAsync(Entry(1).Silo, now);
        var after = await table.ReadAllAsync();
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(now, after.Rows[0].Entry.IAmAliveTime);
        Assert.Equal(before.Rows[0].ETag, after.Rows[0].ETag);
    }
}
