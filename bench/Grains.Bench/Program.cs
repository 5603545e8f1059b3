using System.Globalization;
using System.Runtime.Intrinsics;
using LstmActors.Bench.Shared;
using LstmActors.Grains.Bench;

// dotnet run -c Release --project bench/Grains.Bench -- [--series N] [--seconds S] [--half-load-rate TICKS_PER_S] [case ...]
int series = 1000;
double seconds = 5;
double halfLoadRate = 0;
var cases = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--series" when i + 1 < args.Length && int.TryParse(args[i + 1], out int n) && n >= 1:
            series = n;
            i++;
            break;
        case "--seconds" when i + 1 < args.Length && double.TryParse(args[i + 1], CultureInfo.InvariantCulture, out double s) && s > 0:
            seconds = s;
            i++;
            break;
        case "--half-load-rate" when i + 1 < args.Length && double.TryParse(args[i + 1], CultureInfo.InvariantCulture, out double r) && r > 0:
            halfLoadRate = r;
            i++;
            break;
        case var name when BenchCases.Names.Contains(name):
            cases.Add(name);
            break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: [--series N] [--seconds S] [--half-load-rate TICKS_PER_S] [{string.Join("|", BenchCases.Names)} ...]");
            return 2;
    }
}
if (cases.Count == 0) cases.AddRange(BenchCases.Names);

// The anchor is measured in this run: PyTorch's best batched online step (LSTMCell, all 1,000 series at once, 1 thread).
double anchor = 0;
if (TorchAnchor.FindPython() is { } python && TorchAnchor.FindScript() is { } script)
    TorchAnchor.Run(python, script, threads: 1, ["online-1000"]).TryGetValue("online-1000", out anchor);
Console.WriteLine($"# {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, AVX-512 {Vector512.IsHardwareAccelerated}, AVX2 {Vector256.IsHardwareAccelerated}, " +
                  $"{series} stock series (F=5, H=64), Orleans {OrleansVersion()}; " +
                  (anchor > 0 ? $"anchor: PyTorch online-1000 (LSTMCell, 1 thread) = {anchor:F0} series-steps/s, measured now" : "anchor: not measured (no python3 with torch, or no ../shared/anchors)"));
await new BenchCases(series, TimeSpan.FromSeconds(seconds), halfLoadRate, anchor).RunAsync(cases);
return 0;

static string OrleansVersion() =>
    typeof(Orleans.Grain).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
        .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+', ' ')[0].TrimEnd('.') ?? "?";
