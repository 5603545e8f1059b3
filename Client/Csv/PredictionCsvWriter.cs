using System.Globalization;
using System.Text;

namespace LstmActors.Client.Csv;

/// <summary>
/// Writes predictions in the input's long format: <c>series,t,prediction_&lt;feature&gt;...,lower_80_&lt;feature&gt;...,upper_80_&lt;feature&gt;...,anomaly</c>,
/// one row per input row.
/// </summary>
public sealed class PredictionCsvWriter : IDisposable
{
    private readonly TextWriter _writer;
    private readonly StringBuilder _row = new();
    private readonly int _columns;

    /// <summary>Creates <paramref name="path"/> (replacing it) and writes the header for <paramref name="featureNames"/>.</summary>
    public PredictionCsvWriter(string path, IReadOnlyList<string> featureNames)
    {
        try
        {
            _writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot write the file ({e.Message})");
        }
        _columns = featureNames.Count;
        _writer.WriteLine("series,t," + string.Join(',', new[] { "prediction_", "lower_80_", "upper_80_" }.SelectMany(column => featureNames.Select(f => CsvLine.Quote(column + f)))) + ",anomaly");
    }

    /// <summary>
    /// Writes one row: the series, the time cell of the tick the prediction answered, the predicted next values and the
    /// ends of their 80% intervals — empty cells when there are none (a tick the series had seen before, acknowledged
    /// without a new prediction) — and 1 when the row's own value was an anomaly, else 0.
    /// </summary>
    public void Write(string series, string time, ReadOnlySpan<float> prediction, ReadOnlySpan<float> lower, ReadOnlySpan<float> upper, bool? anomaly)
    {
        _row.Clear();
        _row.Append(CsvLine.Quote(series)).Append(',').Append(CsvLine.Quote(time));
        Append(prediction);
        Append(lower);
        Append(upper);
        _row.Append(',').Append(anomaly switch { true => "1", false => "0", null => "" });
        _writer.WriteLine(_row);
    }

    private void Append(ReadOnlySpan<float> values)
    {
        foreach (var value in values) _row.Append(',').Append(value.ToString("R", CultureInfo.InvariantCulture));
        if (values.IsEmpty) _row.Append(',', _columns);
    }

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();
}
