using System.Globalization;
using LstmActors.Bench.Shared;
using LstmActors.Engine.Bench;
using LstmActors.Engine.Kernels;

// dotnet run -c Release --project bench/Engine.Bench -- [--threads N] [--rounds R] [--path Scalar|Vector256|Vector512] [--compare] [case ...]
int threads = 1, rounds = 1;
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
        case "--rounds" when i + 1 < args.Length && int.TryParse(args[i + 1], out int r) && r >= 1:
            rounds = r;
            i++;
            break;
        case "--path" when i + 1 < args.Length && Enum.TryParse(args[i + 1], out KernelPath path) && KernelPaths.IsSupported(path):
            KernelPaths.Force(path);
            i++;
            break;
        case "--compare":
            compare = true;
            break;
        case var name when BenchCases.Names.Contains(name):
            cases.Add(name);
            break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: [--threads N] [--rounds R] [--path Scalar|Vector256|Vector512] [--compare] [{string.Join("|", BenchCases.Names)} ...]");
            return 2;
    }
}
if (cases.Count == 0) cases.AddRange(BenchCases.Names);

string? python = null, script = null, gruScript = null;
if (compare)
{
    // The LSTM cases' anchor is the shared one beside the repository; the GRU cases' is kept in the repository.
    python = TorchAnchor.FindPython();
    script = TorchAnchor.FindScript();
    gruScript = TorchAnchor.FromRoot(Path.Combine("bench", "Engine.Bench", "torch_gru_bench.py"));
    string? missing = python is null ? "no python3 that imports torch (apt-get install python3-torch)"
        : script is null && !cases.All(BenchCases.IsGru) ? "anchor script ../shared/anchors/torch_lstm_bench.py not found beside the repository"
        : gruScript is null && cases.Any(BenchCases.IsGru) ? "bench/Engine.Bench/torch_gru_bench.py not found in the repository"
        : null;
    if (missing is not null)
    {
        Console.Error.WriteLine($"--compare: {missing}");
        return 1;
    }
}

Console.WriteLine($"# {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, kernel path {KernelPaths.Current} (best here {KernelPaths.Best})");
foreach (string name in cases)
{
    // Each round times our case, then the anchor's (so both see the same machine load); the best round of each side counts.
    double ours = 0, anchor = 0;
    for (int round = 0; round < rounds; round++)
    {
        ours = Math.Max(ours, BenchCases.Run(name, threads));
        if (compare && TorchAnchor.Run(python!, BenchCases.IsGru(name) ? gruScript! : script!, threads, [name]).TryGetValue(name, out double torch))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"case={name} threads={threads} torch_series_steps_per_s={torch:F0}"));
            anchor = Math.Max(anchor, torch);
        }
    }
    if (rounds > 1) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"case={name} threads={threads} best_series_steps_per_s={ours:F0}"));
    if (anchor > 0)
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"case={name} threads={threads} torch_best_series_steps_per_s={anchor:F0} ratio={ours / anchor:F2}"));
}
return 0;
