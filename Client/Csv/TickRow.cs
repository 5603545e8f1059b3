namespace LstmActors.Client.Csv;

/// <summary>
/// One data row of a long-format tick CSV: the series, its time cell as written and as a date (null for a step number),
/// the feature values, the line it came from and the model its model column names (null without one).
/// </summary>
public sealed record TickRow(string Series, string Time, DateTimeOffset? Date, float[] Features, int Line, string? Model);
