using System.Globalization;
using System.Text.Json;
using LstmActors.Bench.Forecast;

// dotnet run -c Release --project bench/Forecast.Bench -- [--json] [CSV ...]
// dotnet run -c Release --project bench/Forecast.Bench -- --write-demand FILE [--series N] [--weeks W]
const string Usage = "usage: [--json] [CSV ...] | --write-demand FILE [--series N] [--weeks W]";
bool json = false;
string? demandFile = null;
int demandSeries = 8, demandWeeks = 8;
var files = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--json":
            json = true;
            break;
        case "--write-demand" when i + 1 < args.Length:
            demandFile = args[++i];
            break;
        case "--series" when i + 1 < args.Length && int.TryParse(args[i + 1], out int n) && n >= 1:
            demandSeries = n;
            i++;
            break;
        case "--weeks" when i + 1 < args.Length && int.TryParse(args[i + 1], out int w) && w >= 1:
            demandWeeks = w;
            i++;
            break;
        case var file when !file.StartsWith("--", StringComparison.Ordinal):
            files.Add(file);
            break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. {Usage}");
            return 2;
    }
}

if (demandFile is not null)
{
    DemandCsv.Write(demandFile, demandSeries, demandWeeks);
    Console.WriteLine($"wrote {demandSeries} demand series × {demandWeeks} weeks to {demandFile}");
    return 0;
}

if (files.Count == 0) files.AddRange(CommittedData());
var settings = new ArSettings();
var results = files.SelectMany(TickCsvFile.Read).Select(series => Evaluation.Run(series, settings)).ToList();

if (json)
{
    Console.WriteLine(JsonSerializer.Serialize(new { settings, results }, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
    return 0;
}
Console.WriteLine($"# {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; MAE over each series' second half ÷ naive MAE; online AR: {settings}");
Console.WriteLine($"{"series",-16} {"values",6} {"periods",8} {"naive MAE",10} {"naive",6} {"seasonal",8} {"AR",6} {"AR 80%",7} {"floor",6}");
foreach (var r in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{r.Series,-16} {r.Values,6} {string.Join('/', r.Periods),8} {r.NaiveMae,10:G5} {1.0,6:F3} {Format(r.SeasonalNaiveRatio, "F3"),8} {r.ArRatio,6:F3} {Format(r.ArCoverage80, "P0"),7} {Format(r.Floor, "F2"),6}"));
}
return 0;

static string Format(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "-";

// The committed data sets, found from the repository root above the working directory.
static IEnumerable<string> CommittedData()
{
    var root = new DirectoryInfo(Environment.CurrentDirectory);
    while (root is not null && !File.Exists(Path.Combine(root.FullName, "LstmActors.sln"))) root = root.Parent;
    if (root is null) throw new DirectoryNotFoundException("run inside the repository, or name the CSV files");
    var data = Path.Combine(root.FullName, "tests", "Data");
    return Directory.GetFiles(Path.Combine(data, "RDatasets"), "*.csv").Where(f => Path.GetFileName(f) != "all.csv").Order(StringComparer.Ordinal)
        .Concat(Directory.GetFiles(Path.Combine(data, "Demand"), "*.csv").Order(StringComparer.Ordinal));
}
