namespace LstmActors.Bench.Forecast;

/// <summary>One series of a tick CSV: its name, the time of each value when the file gave a date, and the values.</summary>
public sealed record TimeSeries(string Name, IReadOnlyList<DateTimeOffset?> Times, IReadOnlyList<double> Values);
