using System.Text;

namespace LstmActors.Client.Csv;

/// <summary>Splits one CSV line into fields (RFC 4180 quoting: "a,b" and "" for a quote inside quotes).</summary>
public static class CsvLine
{
    /// <summary>The fields of <paramref name="line"/>; an unterminated quote is reported through <paramref name="error"/>.</summary>
    public static List<string> Split(string line, out string? error)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        error = null;
        var i = 0;
        while (true)
        {
            field.Clear();
            if (i < line.Length && line[i] == '"')
            {
                var start = i++;
                var closed = false;
                while (i < line.Length)
                {
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                        i++;
                        closed = true;
                        break;
                    }
                    field.Append(line[i++]);
                }
                if (!closed)
                {
                    error = $"unterminated quote starting at character {start + 1}";
                    fields.Add(field.ToString());
                    return fields;
                }
                while (i < line.Length && line[i] != ',') i++;
            }
            else
            {
                var next = line.IndexOf(',', i);
                var end = next < 0 ? line.Length : next;
                field.Append(line, i, end - i);
                i = end;
            }
            fields.Add(field.ToString().Trim());
            if (i >= line.Length) return fields;
            i++; // the comma
        }
    }

    /// <summary>A field written so that <see cref="Split"/> reads it back (quoted only when needed).</summary>
    public static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\n\r") < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}
