using System.Globalization;
using LstmActors.Engine.Bench;
using LstmActors.Engine.Kernels;

// dotnet run -c Release --project bench/Engine.Bench -- [--threads N] [--compare] [case ...]
int threads = 1;
bool compare = false;
var cases = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--threads" when i + 1 < args.Length && int.TryParse(args[i + 1], out int n) && n >= 1:
            threads = n;
            i++;
            break;
        case "--compare":
            compare = true;
            break;
        case var name when BenchCases.Names.Contains(name):
            cases.Add(name);
            break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: [--threads N] [--compare] [{string.Join("|", BenchCases.Names)} ...]");
            return 2;
    }
}
if (cases.Count == 0) cases.AddRange(BenchCases.Names);

string? python = null, script = null;
if (compare)
{
    python = TorchAnchor.FindPython();
    script = TorchAnchor.FindScript();
    if (python is null || script is null)
    {
        Console.Error.WriteLine(python is null
            ? "--compare: no python3 that imports torch (apt-get install python3-torch)"
            : "--compare: anchor script ../shared/anchors/torch_lstm_bench.py not found beside the repository");
        return 1;
    }
}

Console.WriteLine($"# {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, kernel path {KernelPaths.Best}");
foreach (string name in cases)
{
    double ours = BenchCases.Run(name, threads);
    if (!compare) continue;
    // The anchor runs right after each case, so both see the same machine load.
    var torch = TorchAnchor.Run(python!, script!, threads, [name]);
    if (torch.TryGetValue(name, out double anchor))
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"case={name} threads={threads} torch_series_steps_per_s={anchor:F0} ratio={ours / anchor:F2}"));
}
return 0;
