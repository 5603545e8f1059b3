using LstmActors.Runtime.Membership;
using LstmActors.Silo.Health;

namespace LstmActors.Cluster.Tests.Health;

/// <summary>When the health report says ready: the host runs and the silo's own newest row is Active.</summary>
public sealed class SiloHealthReportTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);

    private static MembershipTableData Table(params MembershipEntry[] entries)
        => new(entries.Select((e, i) => new MembershipRow(e, $"etag-{i}")).ToArray(), new TableVersion(entries.Length, "v"));

    private static MembershipEntry Entry(string name, int port, long generation, SiloStatus status)
        => new(new SiloAddress("127.0.0.1", port, generation), status, port + 1, name, Now.AddMinutes(-1), Now.AddSeconds(-2), []);

    [Theory]
    [InlineData(SiloStatus.Joining, true, false)]
    [InlineData(SiloStatus.Active, true, true)]
    [InlineData(SiloStatus.Active, false, false)]
    [InlineData(SiloStatus.ShuttingDown, true, false)]
    [InlineData(SiloStatus.Dead, true, false)]
    public void ReadyOnlyWhenTheHostRunsAndTheOwnRowIsActive(SiloStatus status, bool hostRunning, bool ready)
    {
        var report = SiloHealthReport.From("a", hostRunning, Table(Entry("a", 100, 1, status), Entry("b", 200, 1, SiloStatus.Active)), Now);
        Assert.Equal(ready, report.Ready);
        Assert.Equal(status.ToString(), report.Status);
        Assert.Equal(2, report.Silos.Count);
        Assert.All(report.Silos, m => Assert.Equal(2000, m.HeartbeatAgeMs));
    }

    [Fact]
    public void TheNewestIncarnationOfTheSiloIsItself()
    {
        var report = SiloHealthReport.From("a", true, Table(Entry("a", 100, 1, SiloStatus.Dead), Entry("a", 100, 2, SiloStatus.Active)), Now);
        Assert.Equal("127.0.0.1:100@2", report.Silo);
        Assert.True(report.Ready);
    }

    [Fact]
    public void ASiloWithoutARowIsNotReady()
    {
        var report = SiloHealthReport.From("a", true, Table(Entry("b", 200, 1, SiloStatus.Active)), Now);
        Assert.Null(report.Silo);
        Assert.False(report.Ready);
    }
}
