using System.Globalization;
using System.Text;

namespace LstmActors.Client.Csv;

/// <summary>Writes predictions in the input's long format: <c>series,t,prediction_&lt;feature&gt;...</c>, one row per input row.</summary>
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
        _writer.WriteLine("series,t," + string.Join(',', featureNames.Select(f => CsvLine.Quote("prediction_" + f))));
    }

    /// <summary>
    /// Writes one row: the series, the time cell of the tick the prediction answered, and the predicted next values —
    /// empty cells when there is none (a tick the series had seen before, acknowledged without a new prediction).
    /// </summary>
    public void Write(string series, string time, ReadOnlySpan<float> prediction)
    {
        _row.Clear();
        _row.Append(CsvLine.Quote(series)).Append(',').Append(CsvLine.Quote(time));
        foreach (var value in prediction) _row.Append(',').Append(value.ToString("R", CultureInfo.InvariantCulture));
        if (prediction.IsEmpty) _row.Append(',', _columns);
        _writer.WriteLine(_row);
    }

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();
}
