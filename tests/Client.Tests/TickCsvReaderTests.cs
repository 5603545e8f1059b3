using LstmActors.Client;
using LstmActors.Client.Csv;

namespace LstmActors.Client.Tests;

public sealed class TickCsvReaderTests
{
    private static List<TickRow> Read(string text, out IReadOnlyList<string> features, string? modelColumn = null)
    {
        using var reader = TickCsvReader.FromText("data.csv", text, modelColumn);
        features = reader.FeatureNames;
        return reader.ReadRows().ToList();
    }

    private static string ErrorOf(string text, string? modelColumn = null) =>
        Assert.Throws<InputException>(() => Read(text, out _, modelColumn)).Message;

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

    [Theory]
    [InlineData("series,t,kind,a,b\nS,1,pumps,1,2\nT,1,gauges,3,4\nS,2,pumps,5,6\n")]
    [InlineData("series,t,a,b,kind\nS,1,1,2,pumps\nT,1,3,4,gauges\nS,2,5,6,pumps\n")]
    public void A_model_column_names_each_rows_model_and_is_not_a_feature(string text)
    {
        var rows = Read(text, out var features, modelColumn: "KIND");

        Assert.Equal(["a", "b"], features);
        Assert.Equal(["pumps", "gauges", "pumps"], rows.Select(r => r.Model));
        Assert.Equal([[1f, 2f], [3f, 4f], [5f, 6f]], rows.Select(r => r.Features));
        // A long file holds one model string per series, not one per row.
        Assert.Same(rows[0].Model, rows[2].Model);
    }

    [Theory]
    [InlineData("series,t,a\nS,1,1\n", "data.csv, line 1: the header has no model column 'kind' after 'series,t' (--model-column); its columns are series, t, a")]
    [InlineData("series,kind,a\nS,1,1\n", "data.csv, line 1, column 2: header column 2 must be 't', found 'kind'")]
    [InlineData("series,t,kind\nS,1,x\n", "data.csv, line 1, column 3: header has no feature column besides the model column 'kind'")]
    [InlineData("series,t,kind,a\nS,1,,1\n", "data.csv, line 2, column 3: empty model cell (kind) for series 'S'")]
    [InlineData("series,t,a,kind\nS,1,1,x\nT,1,1,x\nS,2,2,y\n", "data.csv, line 4, column 4: series 'S' names model 'y' (kind), but 'x' on line 2")]
    [InlineData("series,t,kind,a,b\nS,1,x,1,oops\n", "data.csv, line 2, column 5: 'oops' is not a number (b)")]
    [InlineData("series,t,kind,a,b\nS,1,x,1,2\nS,2,x,3,\n", "data.csv, line 3, column 5: series 'S' changes its feature count from 2 (line 2) to 1")]
    public void A_bad_model_column_names_file_line_and_value(string text, string expected)
    {
        Assert.Equal(expected, ErrorOf(text, modelColumn: "kind"));
    }

    [Fact]
    public void A_time_column_holds_dates_or_step_numbers_and_only_dates_are_times()
    {
        var dated = Read("series,t,a\nS,2024-01-01,1\nS,2024-01-01T00:30:00Z,2\n", out _);
        var stepped = Read("series,t,a\nS,1959.083,1\nS,1959.167,2\nT,3,3\n", out _);

        Assert.Equal([new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 1, 1, 0, 30, 0, TimeSpan.Zero)], dated.Select(r => r.Date));
        Assert.All(stepped, row => Assert.Null(row.Date));
    }

    [Theory]
    [InlineData("series,t,a\nS,2024-01-01,1\nS,2024-01-02,2\nS,soon,3\nS,2024-01-04,4\n", "data.csv, line 4, column 2: 'soon' is not a date (t); the file's times are dates from line 2 ('2024-01-01')")]
    [InlineData("series,t,a\nS,2024-01-01,1\nS,5,2\n", "data.csv, line 3, column 2: '5' is not a date (t); the file's times are dates from line 2 ('2024-01-01')")]
    [InlineData("series,t,a\nS,1,1\nT,2024-01-02,2\n", "data.csv, line 3, column 2: '2024-01-02' is not a step number (t); the file's times are step numbers from line 2 ('1')")]
    [InlineData("series,t,a\nS,1,1\nS,2,2\nS,x3,3\n", "data.csv, line 4, column 2: 'x3' is not a step number (t); the file's times are step numbers from line 2 ('1')")]
    [InlineData("series,t,a\nS,soon,1\n", "data.csv, line 2, column 2: 'soon' is neither a date nor a step number (t)")]
    public void A_time_cell_that_does_not_parse_like_the_first_names_file_line_column_and_value(string text, string expected)
    {
        Assert.Equal(expected, ErrorOf(text));
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
