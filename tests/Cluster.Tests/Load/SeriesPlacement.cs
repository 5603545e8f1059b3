using LstmActors.Grains.Series;
using LstmActors.Runtime;

namespace LstmActors.Cluster.Tests.Load;

/// <summary>Where series live now, by silo process id, and what each has applied (read from every series' status).</summary>
public sealed class SeriesPlacement
{
    private SeriesPlacement(IReadOnlyList<SeriesStatus> statuses) => Statuses = statuses;

    /// <summary>Every series' status, in the order asked.</summary>
    public IReadOnlyList<SeriesStatus> Statuses { get; }

    /// <summary>Series count per silo process id.</summary>
    public IReadOnlyDictionary<int, int> CountByProcess => Statuses.GroupBy(s => ProcessIdOf(s.Silo)).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Reads the status of every series.</summary>
    public static async Task<SeriesPlacement> ReadAsync(IClusterClient client, IReadOnlyList<string> series)
        => new(await Task.WhenAll(series.Select(id => client.GetGrain<ISeriesGrain>(id).Status())));

    // SiloModels.SiloId is "machine:processId:incarnation".
    private static int ProcessIdOf(string silo) => int.Parse(silo.Split(':')[1]);

    /// <summary>Asserts the series sit on exactly <paramref name="processIds"/>, each within ±<paramref name="tolerance"/> of an even share.</summary>
    public void AssertEvenOver(IReadOnlyCollection<int> processIds, double tolerance)
    {
        var counts = CountByProcess;
        var even = (double)Statuses.Count / processIds.Count;
        var description = string.Join(", ", counts.Select(c => $"pid {c.Key}: {c.Value}"));
        Assert.True(counts.Keys.ToHashSet().SetEquals(processIds), $"Series sit on [{description}], expected the silos [{string.Join(", ", processIds)}].");
        Assert.All(counts, c => Assert.True(Math.Abs(c.Value - even) <= tolerance * even,
            $"pid {c.Key} holds {c.Value} series, more than {tolerance:P0} away from the even {even:F0} ([{description}])."));
    }
}
