using LstmActors.Client;
using LstmActors.Client.Csv;

namespace LstmActors.Client.Tests;

public sealed class TickCsvReaderTests
{
    private static List<TickRow> Read(string text, out IReadOnlyList<string> features)
    {
        using var reader = TickCsvReader.FromText("data.csv", text);
        features = reader.FeatureNames;
        return reader.ReadRows().ToList();
    }

    private static string ErrorOf(string text) =>
        Assert.Throws<InputException>(() => Read(text, out _)).Message;

    [Fact]
    public void Reads_interleaved_series_with_quoted_ids_and_line_numbers()
    {
        var rows = Read("series,t,open,close\nA,1,1.5,2\n\"B,x\",1,3,4e1\n\nA,2,-1,0.25\n", out var features);

        Assert.Equal(["open", "close"], features);
        Assert.Equal(3, rows.Count);
        Assert.Equal("B,x", rows[1].Series);
        Assert.Equal([3f, 40f], rows[1].Features);
        Assert.Equal(5, rows[2].Line);
        Assert.Equal([-1f, 0.25f], rows[2].Features);
    }

    [Fact]
    public void Later_rows_of_a_series_read_like_its_first_share_its_id_and_keep_spaces_and_exponents_meaningful()
    {
        var rows = Read("series,t,a,b\nS,1,1,2\n S , 2 , 1e-3 ,-4.5 \nS,3,\"7\",8\n", out _);

        Assert.Equal(["S", "S", "S"], rows.Select(r => r.Series));
        Assert.Equal(["1", "2", "3"], rows.Select(r => r.Time));
        Assert.Equal([0.001f, -4.5f], rows[1].Features);
        Assert.Equal([7f, 8f], rows[2].Features);
        // A long file holds one id string per series, not one per row.
        Assert.Same(rows[0].Series, rows[1].Series);
    }

    [Fact]
    public void A_series_may_leave_trailing_features_empty_but_keeps_its_width()
    {
        var rows = Read("series,t,a,b\nS,1,1,2\nT,1,5,\nT,2,6,\n", out _);
        Assert.Equal(2, rows[0].Features.Length);
        Assert.Single(rows[1].Features);
        Assert.Single(rows[2].Features);
    }

    [Theory]
    [InlineData("series,t,a,b\nS,1,1,2\nS,2,3\n", "data.csv, line 3, column 4: missing column 'b'")]
    [InlineData("series,t,a,b\nS,1,1,2\nS,2,x1,3\n", "data.csv, line 3, column 3: 'x1' is not a number (a)")]
    [InlineData("series,t,a,b\nS,1,1,NaN\n", "data.csv, line 2, column 4: 'NaN' is not a finite number (b)")]
    [InlineData("series,t,a,b\nS,1,1,1e39\n", "data.csv, line 2, column 4: '1e39' is not a finite number (b)")]
    [InlineData("series,t,a,b\nS,1,1,-inf\n", "data.csv, line 2, column 4: '-inf' is not a finite number (b)")]
    [InlineData("series,t,a,b\nS,1,1,2\nT,1,1,2\nS,2,3,\n", "data.csv, line 4, column 4: series 'S' changes its feature count from 2 (line 2) to 1")]
    [InlineData("series,t,a\nS,1,1,9\n", "data.csv, line 2, column 4: unexpected extra field '9'")]
    [InlineData("series,t,a,b\nS,1,,2\n", "data.csv, line 2, column 3: empty value for 'a'")]
    [InlineData("series,time,a\n", "data.csv, line 1, column 2: header column 2 must be 't', found 'time'")]
    [InlineData("series,t\n", "data.csv, line 1, column 3: header has no feature column")]
    [InlineData("id,t,a\n", "data.csv, line 1, column 1: header must start with 'series'")]
    [InlineData("series,t,a\n\"S,1,1\n", "data.csv, line 2, column 1: unterminated quote")]
    public void Bad_input_names_file_line_and_column(string text, string expectedStart)
    {
        var message = ErrorOf(text);
        Assert.StartsWith(expectedStart, message);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void Rows_before_a_bad_row_are_yielded_before_the_error()
    {
        using var reader = TickCsvReader.FromText("data.csv", "series,t,a\nS,1,1\nS,2,2\nS,3,oops\nS,4,4\n");
        var seen = new List<int>();
        var error = Assert.Throws<InputException>(() =>
        {
            foreach (var row in reader.ReadRows()) seen.Add(row.Line);
        });
        Assert.Equal([2, 3], seen);
        Assert.Contains("line 4", error.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.csv");
        var error = Assert.Throws<InputException>(() => TickCsvReader.Open(path));
        Assert.StartsWith(path + ": cannot open the file", error.Message);
    }
}
