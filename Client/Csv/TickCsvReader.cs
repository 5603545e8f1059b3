using System.Globalization;

namespace LstmActors.Client.Csv;

/// <summary>
/// Reads a long-format tick CSV (<c>series,t,&lt;feature&gt;...</c>, series interleaved or grouped) row by row,
/// so the rows before a bad one can be used before the bad one is met. Every problem is an
/// <see cref="InputException"/> naming the file, line and column.
/// </summary>
/// <remarks>
/// A series may leave trailing feature cells empty (a file holding kinds with fewer features), but its
/// feature count must stay what its first row set.
/// </remarks>
public sealed class TickCsvReader : IDisposable
{
    private readonly TextReader _reader;
    private readonly Dictionary<string, (int Count, int Line)> _widths = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Count, int Line)>.AlternateLookup<ReadOnlySpan<char>> _widthsBySpan;
    private int _line;

    private TickCsvReader(string path, TextReader reader)
    {
        Path = path;
        _reader = reader;
        _widthsBySpan = _widths.GetAlternateLookup<ReadOnlySpan<char>>();
        FeatureNames = ReadHeader();
    }

    /// <summary>The file as the user named it.</summary>
    public string Path { get; }

    /// <summary>How far through the file reading is, 0 to 1; null when reading from text.</summary>
    public double? Fraction => _reader is StreamReader { BaseStream: { CanSeek: true, Length: > 0 } stream } ? (double)stream.Position / stream.Length : null;

    /// <summary>The feature column names, in order (the header after <c>series,t</c>).</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Opens <paramref name="path"/> and reads its header.</summary>
    public static TickCsvReader Open(string path)
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
            return new TickCsvReader(path, stream);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads <paramref name="text"/> as if it were the file <paramref name="name"/>.</summary>
    public static TickCsvReader FromText(string name, string text) => new(name, new StringReader(text));

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
        return fields.Skip(2).ToList();
    }

    private TickRow ParseRow(string text)
    {
        // Most rows are plain numbers without quotes: read them from spans, allocating only the time and the values.
        if (text.AsSpan().IndexOf('"') < 0 && TryParsePlainRow(text) is { } row) return row;
        var fields = Split(text);
        var columns = FeatureNames.Count + 2;
        if (fields.Count < columns)
            throw Error(fields.Count + 1, $"missing column '{ColumnName(fields.Count)}' (row has {fields.Count} fields, header has {columns})");
        if (fields.Count > columns)
            throw Error(columns + 1, $"unexpected extra field '{fields[columns]}' (header has {columns} columns)");
        if (fields[0].Length == 0) throw Error(1, "empty series id");
        if (fields[1].Length == 0) throw Error(2, "empty time 't'");

        var count = FeatureNames.Count;
        while (count > 0 && fields[count + 1].Length == 0) count--;
        if (count == 0) throw Error(3, $"no feature values for series '{fields[0]}'");

        var values = new float[count];
        for (var f = 0; f < count; f++)
        {
            var cell = fields[f + 2];
            if (cell.Length == 0) throw Error(f + 3, $"empty value for '{FeatureNames[f]}'");
            if (!float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                throw Error(f + 3, IsNonFiniteWord(cell) ? $"'{cell}' is not a finite number ({FeatureNames[f]})" : $"'{cell}' is not a number ({FeatureNames[f]})");
            if (!float.IsFinite(value))
                throw Error(f + 3, $"'{cell}' is not a finite number ({FeatureNames[f]})");
            values[f] = value;
        }

        var series = fields[0];
        if (_widths.TryGetValue(series, out var width))
        {
            if (width.Count != count)
                throw Error(Math.Min(width.Count, count) + 3,
                    $"series '{series}' changes its feature count from {width.Count} (line {width.Line}) to {count}");
        }
        else
        {
            _widths[series] = (count, _line);
        }
        return new TickRow(series, fields[1], values, _line);
    }

    /// <summary>
    /// A row without quotes whose every cell is present and parses; null for anything else, which the general path then
    /// reads again to say exactly what is wrong. The series id is the string already seen for it, not a new one per row.
    /// </summary>
    private TickRow? TryParsePlainRow(string text)
    {
        var line = text.AsSpan();
        int columns = FeatureNames.Count + 2;
        Span<Range> cells = columns <= 64 ? stackalloc Range[columns + 1] : new Range[columns + 1];
        if (line.Split(cells, ',') != columns) return null;
        var series = line[cells[0]].Trim();
        var time = line[cells[1]].Trim();
        if (series.IsEmpty || time.IsEmpty || !_widthsBySpan.TryGetValue(series, out var seriesId, out var width) || width.Count != FeatureNames.Count)
            return null;
        var values = new float[FeatureNames.Count];
        for (var f = 0; f < values.Length; f++)
        {
            if (!float.TryParse(line[cells[f + 2]].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value)) return null;
            values[f] = value;
        }
        return new TickRow(seriesId, time.ToString(), values, _line);
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

    private string ColumnName(int index) => index switch
    {
        0 => "series",
        1 => "t",
        _ => FeatureNames[index - 2],
    };

    private InputException Error(int column, string what) => new($"{Path}, line {_line}, column {column}: {what}");

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();
}
