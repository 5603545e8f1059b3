using LstmActors.Cluster.Tests.Processes;
using LstmActors.Grains.Series;

namespace LstmActors.Cluster.Tests.Load;

/// <summary>Where series live now, by silo endpoint, and what each has applied (read from every series' status).</summary>
public sealed class SeriesPlacement
{
    private SeriesPlacement(IReadOnlyList<SeriesStatus> statuses) => Statuses = statuses;

    /// <summary>Every series' status, in the order asked.</summary>
    public IReadOnlyList<SeriesStatus> Statuses { get; }

    /// <summary>Series count per silo endpoint (<see cref="SiloCluster.EndpointOf(SiloProcess)"/>).</summary>
    public IReadOnlyDictionary<string, int> CountBySilo => Statuses.GroupBy(s => SiloCluster.EndpointOf(s.Silo)).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Reads the status of every series.</summary>
    public static async Task<SeriesPlacement> ReadAsync(IClusterClient client, IReadOnlyList<string> series)
        => new(await Task.WhenAll(series.Select(id => client.GetGrain<ISeriesGrain>(id).Status())));

    /// <summary>The series count of each silo, for messages: "silo-0 1502, silo-1 1498".</summary>
    public string Describe(IEnumerable<SiloProcess> silos)
    {
        var counts = CountBySilo;
        var named = silos.ToDictionary(SiloCluster.EndpointOf, s => s.Name);
        return string.Join(", ", counts.OrderBy(c => named.GetValueOrDefault(c.Key, c.Key), StringComparer.Ordinal)
            .Select(c => $"{named.GetValueOrDefault(c.Key, c.Key)} {c.Value}"));
    }

    /// <summary>True when the series sit on exactly <paramref name="silos"/>, each within ±<paramref name="tolerance"/> of an even share.</summary>
    public bool IsEvenOver(IReadOnlyCollection<SiloProcess> silos, double tolerance)
    {
        var counts = CountBySilo;
        var even = (double)Statuses.Count / silos.Count;
        return counts.Keys.ToHashSet().SetEquals(silos.Select(SiloCluster.EndpointOf))
               && counts.Values.All(c => Math.Abs(c - even) <= tolerance * even);
    }
}
