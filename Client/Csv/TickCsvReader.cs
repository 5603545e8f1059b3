using System.Globalization;

namespace LstmActors.Client.Csv;

/// <summary>
/// Reads a long-format tick CSV (<c>series,t,&lt;feature&gt;...</c>, series interleaved or grouped) row by row,
/// so the rows before a bad one can be used before the bad one is met. Every problem is an
/// <see cref="InputException"/> naming the file, line and column.
/// </summary>
/// <remarks>
/// A series may leave trailing feature cells empty (a file holding kinds with fewer features), but its
/// feature count must stay what its first row set. A model column, when named, is not a feature: every row names its
/// series' model there, the same on every row of a series. The time column holds dates or step numbers, whichever its
/// first cell holds, on every row: a date among step numbers (or the reverse) is a mistake, not a missing time.
/// </remarks>
public sealed class TickCsvReader : IDisposable
{
    private readonly TextReader _reader;
    private readonly Dictionary<string, SeriesShape> _series = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SeriesShape>.AlternateLookup<ReadOnlySpan<char>> _seriesBySpan;
    private readonly List<string> _columns;
    private readonly int _modelField;
    private (bool Dates, int Line, string Cell)? _times;
    private int _line;

    /// <summary>What a series' first row set: its feature count, that row's line and the model it named.</summary>
    private readonly record struct SeriesShape(int Count, int Line, string? Model);

    private TickCsvReader(string path, TextReader reader, string? modelColumn)
    {
        Path = path;
        _reader = reader;
        _seriesBySpan = _series.GetAlternateLookup<ReadOnlySpan<char>>();
        _columns = ReadHeader();
        _modelField = modelColumn is null ? -1 : ModelField(modelColumn);
        FeatureNames = _columns.Skip(2).Where((_, i) => i + 2 != _modelField).ToList();
    }

    /// <summary>The file as the user named it.</summary>
    public string Path { get; }

    /// <summary>How far through the file reading is, 0 to 1; null when reading from text.</summary>
    public double? Fraction => _reader is StreamReader { BaseStream: { CanSeek: true, Length: > 0 } stream } ? (double)stream.Position / stream.Length : null;

    /// <summary>The feature column names, in order (the header after <c>series,t</c>, without the model column).</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Opens <paramref name="path"/> and reads its header; <paramref name="modelColumn"/> names the column that names each row's model.</summary>
    public static TickCsvReader Open(string path, string? modelColumn = null)
    {
        StreamReader stream;
        try
        {
            stream = new StreamReader(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot open the file ({e.Message})");
        }
        try
        {
            return new TickCsvReader(path, stream, modelColumn);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads <paramref name="text"/> as if it were the file <paramref name="name"/>.</summary>
    public static TickCsvReader FromText(string name, string text, string? modelColumn = null) => new(name, new StringReader(text), modelColumn);

    /// <summary>Reads every row of <paramref name="path"/> at once (for offline training).</summary>
    public static (IReadOnlyList<string> Features, List<TickRow> Rows) ReadAll(string path)
    {
        using var reader = Open(path);
        return (reader.FeatureNames, reader.ReadRows().ToList());
    }

    /// <summary>The data rows in file order; throws at the first bad row, after yielding all rows before it.</summary>
    public IEnumerable<TickRow> ReadRows()
    {
        while (_reader.ReadLine() is { } text)
        {
            _line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            yield return ParseRow(text);
        }
    }

    private List<string> ReadHeader()
    {
        string? text;
        do
        {
            text = _reader.ReadLine();
            _line++;
            if (text is null) throw new InputException($"{Path}: the file is empty; expected a header 'series,t,<feature>...'");
        } while (string.IsNullOrWhiteSpace(text));

        var fields = Split(text.TrimStart('\uFEFF'));
        if (fields.Count < 1 || !fields[0].Equals("series", StringComparison.OrdinalIgnoreCase))
            throw Error(1, $"header must start with 'series', found '{fields[0]}'");
        if (fields.Count < 2 || !fields[1].Equals("t", StringComparison.OrdinalIgnoreCase))
            throw Error(2, fields.Count < 2 ? "header is missing column 't'" : $"header column 2 must be 't', found '{fields[1]}'");
        if (fields.Count < 3)
            throw Error(3, "header has no feature column after 'series,t'");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var c = 0; c < fields.Count; c++)
        {
            if (fields[c].Length == 0) throw Error(c + 1, "header has an empty column name");
            if (!seen.Add(fields[c])) throw Error(c + 1, $"header names column '{fields[c]}' twice");
        }
        return fields;
    }

    /// <summary>The index of the model column among the fields; it must come after <c>series,t</c> and leave a feature.</summary>
    private int ModelField(string name)
    {
        int field = _columns.FindIndex(2, c => c.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (field < 0)
            throw new InputException($"{Path}, line {_line}: the header has no model column '{name}' after 'series,t' (--model-column); its columns are {string.Join(", ", _columns)}");
        if (_columns.Count < 4) throw Error(field + 1, $"header has no feature column besides the model column '{_columns[field]}'");
        return field;
    }

    private TickRow ParseRow(string text)
    {
        // Most rows are plain numbers without quotes: read them from spans, allocating only the time and the values.
        if (text.AsSpan().IndexOf('"') < 0 && TryParsePlainRow(text) is { } row) return row;
        var fields = Split(text);
        var columns = _columns.Count;
        if (fields.Count < columns)
            throw Error(fields.Count + 1, $"missing column '{_columns[fields.Count]}' (row has {fields.Count} fields, header has {columns})");
        if (fields.Count > columns)
            throw Error(columns + 1, $"unexpected extra field '{fields[columns]}' (header has {columns} columns)");
        if (fields[0].Length == 0) throw Error(1, "empty series id");
        if (fields[1].Length == 0) throw Error(2, "empty time 't'");
        var date = ReadTime(fields[1]);

        var count = FeatureNames.Count;
        while (count > 0 && fields[FieldOf(count - 1)].Length == 0) count--;
        if (count == 0) throw Error(FieldOf(0) + 1, $"no feature values for series '{fields[0]}'");

        var values = new float[count];
        for (var f = 0; f < count; f++)
        {
            var cell = fields[FieldOf(f)];
            if (cell.Length == 0) throw Error(FieldOf(f) + 1, $"empty value for '{FeatureNames[f]}'");
            if (!float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                throw Error(FieldOf(f) + 1, IsNonFiniteWord(cell) ? $"'{cell}' is not a finite number ({FeatureNames[f]})" : $"'{cell}' is not a number ({FeatureNames[f]})");
            if (!float.IsFinite(value))
                throw Error(FieldOf(f) + 1, $"'{cell}' is not a finite number ({FeatureNames[f]})");
            values[f] = value;
        }

        var series = fields[0];
        var model = _modelField < 0 ? null : fields[_modelField];
        if (model is { Length: 0 }) throw Error(_modelField + 1, $"empty model cell ({_columns[_modelField]}) for series '{series}'");
        if (_series.TryGetValue(series, out var shape))
        {
            if (shape.Count != count)
                throw Error(FieldOf(Math.Min(shape.Count, count)) + 1,
                    $"series '{series}' changes its feature count from {shape.Count} (line {shape.Line}) to {count}");
            if (model is not null && model != shape.Model)
                throw Error(_modelField + 1, $"series '{series}' names model '{model}' ({_columns[_modelField]}), but '{shape.Model}' on line {shape.Line}");
            model = shape.Model;
        }
        else
        {
            _series[series] = new SeriesShape(count, _line, model);
        }
        return new TickRow(series, fields[1], date, values, _line, model);
    }

    /// <summary>
    /// The date of a time cell, or null for a step number. The file's first time cell decides which the file holds; a
    /// later cell of the other kind, or of neither, is an error naming that first cell.
    /// </summary>
    private DateTimeOffset? ReadTime(string cell)
    {
        var (step, date) = ParseTime(cell);
        if (_times is not { } times)
        {
            if (!step && date is null) throw Error(2, $"'{cell}' is neither a date nor a step number ({_columns[1]})");
            _times = (date is not null, _line, cell);
        }
        else if (times.Dates ? date is null : !step)
        {
            var kind = times.Dates ? "date" : "step number";
            throw Error(2, $"'{cell}' is not a {kind} ({_columns[1]}); the file's times are {kind}s from line {times.Line} ('{times.Cell}')");
        }
        return date;
    }

    // A number is a step, never a date: "1.5" would otherwise parse as a day of January.
    private static (bool Step, DateTimeOffset? Date) ParseTime(ReadOnlySpan<char> cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var step) && double.IsFinite(step) ? (true, null)
        : DateTimeOffset.TryParse(cell, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? (false, date)
        : (false, null);

    /// <summary>The index among a row's fields of feature <paramref name="feature"/> (the model column sits among them).</summary>
    private int FieldOf(int feature) => _modelField >= 0 && feature + 2 >= _modelField ? feature + 3 : feature + 2;

    /// <summary>
    /// A row without quotes whose every cell is present and parses; null for anything else, which the general path then
    /// reads again to say exactly what is wrong. The series id and model are the strings already seen for the series, not
    /// new ones per row.
    /// </summary>
    private TickRow? TryParsePlainRow(string text)
    {
        var line = text.AsSpan();
        int columns = _columns.Count;
        Span<Range> cells = columns <= 64 ? stackalloc Range[columns + 1] : new Range[columns + 1];
        if (line.Split(cells, ',') != columns) return null;
        var series = line[cells[0]].Trim();
        var time = line[cells[1]].Trim();
        if (series.IsEmpty || time.IsEmpty || !_seriesBySpan.TryGetValue(series, out var seriesId, out var shape) || shape.Count != FeatureNames.Count)
            return null;
        if (_modelField >= 0 && !line[cells[_modelField]].Trim().SequenceEqual(shape.Model)) return null;
        var (step, date) = ParseTime(time);
        if (_times is not { } times || (times.Dates ? date is null : !step)) return null;
        var values = new float[FeatureNames.Count];
        for (var f = 0; f < values.Length; f++)
        {
            if (!float.TryParse(line[cells[FieldOf(f)]].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value)) return null;
            values[f] = value;
        }
        return new TickRow(seriesId, time.ToString(), date, values, _line, shape.Model);
    }

    // Spellings of NaN and infinity that other tools write and .NET does not parse: still say what is wrong with them.
    private static bool IsNonFiniteWord(string cell) =>
        cell.TrimStart('+', '-').ToLowerInvariant() is "inf" or "infinity" or "nan" or "1.#inf" or "1.#qnan";

    private List<string> Split(string text)
    {
        var fields = CsvLine.Split(text, out var error);
        if (error is not null) throw Error(fields.Count, error);
        return fields;
    }

    private InputException Error(int column, string what) => new($"{Path}, line {_line}, column {column}: {what}");

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();
}
