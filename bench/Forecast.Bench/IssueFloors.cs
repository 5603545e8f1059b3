namespace LstmActors.Bench.Forecast;

/// <summary>The floors of issue #15, upper bounds on MAE over a series' second half ÷ naive MAE, printed beside each figure.</summary>
public static class IssueFloors
{
    private static readonly Dictionary<string, double> Floors = new(StringComparer.OrdinalIgnoreCase)
    {
        ["co2"] = 0.5,
        ["nottem"] = 0.6,
        ["AirPassengers"] = 0.8,
        ["Nile"] = 1.02,
        ["demand"] = 0.35,
    };

    /// <summary>The floor of <paramref name="series"/> (a demand series is named <c>demand-N</c>), or null when the issue sets none.</summary>
    public static double? Of(string series) => Floors.TryGetValue(series.Split('-')[0], out var floor) ? floor : null;
}
