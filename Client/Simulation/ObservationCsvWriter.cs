using System.Globalization;
using System.Text;
using LstmActors.Client.Csv;

namespace LstmActors.Client.Simulation;

/// <summary>
/// Writes every prediction of a simulated fleet, one row per predicted feature:
/// <c>series,model,t,feature,actual,predicted,naive</c> — the value that came at t+1, the model's prediction of it made
/// at t, and the naive forecast (the value at t). Safe to call from many series at once.
/// </summary>
internal sealed class ObservationCsvWriter : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly IReadOnlyDictionary<string, (string[] Names, int[] Indices)> _predicted;
    private readonly StringBuilder _row = new();
    private readonly Lock _lock = new();

    /// <param name="path">The file (replaced).</param>
    /// <param name="predicted">Per model: the predicted features' names and their indices among the model's features.</param>
    public ObservationCsvWriter(string path, IReadOnlyDictionary<string, (string[] Names, int[] Indices)> predicted)
    {
        try
        {
            _writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot write the file ({e.Message})");
        }
        _predicted = predicted;
        _writer.WriteLine("series,model,t,feature,actual,predicted,naive");
    }

    /// <summary>Rows written.</summary>
    public long Rows { get; private set; }

    /// <summary>Writes the rows of one observation.</summary>
    public void Write(FleetObservation observation)
    {
        var (names, indices) = _predicted[observation.Series.Model];
        lock (_lock)
        {
            for (var k = 0; k < names.Length && k < observation.Predicted.Length; k++)
            {
                var f = indices[k];
                _row.Clear();
                _row.Append(CsvLine.Quote(observation.Series.Id)).Append(',').Append(observation.Series.Model).Append(',')
                    .Append(observation.Sequence.ToString(CultureInfo.InvariantCulture)).Append(',').Append(names[k]).Append(',')
                    .Append(observation.Next[f].ToString("R", CultureInfo.InvariantCulture)).Append(',')
                    .Append(observation.Predicted[k].ToString("R", CultureInfo.InvariantCulture)).Append(',')
                    .Append(observation.Sent[f].ToString("R", CultureInfo.InvariantCulture));
                _writer.WriteLine(_row);
                Rows++;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock) _writer.Dispose();
    }
}
