namespace LstmActors.Client.Csv;

/// <summary>One data row of a long-format tick CSV: the series, its time cell as written, the feature values and the line it came from.</summary>
public sealed record TickRow(string Series, string Time, float[] Features, int Line);
