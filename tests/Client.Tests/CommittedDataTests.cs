using LstmActors.Client.Csv;

namespace LstmActors.Client.Tests;

/// <summary>The development data under tests/Data is what <c>stream --csv</c> reads, with a date in every time cell.</summary>
public sealed class CommittedDataTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(DataFolder(), "*.csv", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(DataFolder(), file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_row_reads_with_one_feature_and_a_time_that_is_a_date(string file)
    {
        using var reader = TickCsvReader.Open(Path.Combine(DataFolder(), file));
        var rows = reader.ReadRows().ToList();

        Assert.Single(reader.FeatureNames);
        Assert.True(rows.Count >= 72, $"{rows.Count} rows");
        // The reader gives a row's date (null for a step number); it becomes the tick's time (Client/Streaming/CsvTicks.cs).
        var times = rows.Select(row => (row.Series, row.Line, Time: row.Date)).ToList();
        Assert.All(times, t => Assert.True(t.Time is not null, $"line {t.Line}: not a date"));
        // Times rise within each series.
        Assert.All(times.GroupBy(t => t.Series), series => Assert.All(series.Zip(series.Skip(1)),
            pair => Assert.True(pair.First.Time < pair.Second.Time, $"series {series.Key}, line {pair.Second.Line}")));
    }

    internal static string DataFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LstmActors.sln"))) return Path.Combine(dir.FullName, "tests", "Data");
        throw new DirectoryNotFoundException($"No folder holding LstmActors.sln above {AppContext.BaseDirectory}.");
    }
}
