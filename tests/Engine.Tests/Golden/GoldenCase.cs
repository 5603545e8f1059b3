using System.Text.Json;

namespace LstmActors.Engine.Tests.Golden;

/// <summary>One reference-vector file from the shared golden folder (schema in its README), flattened to row-major arrays.</summary>
public sealed class GoldenCase
{
    private readonly JsonElement _root;

    private GoldenCase(string path, JsonElement root)
    {
        Path = path;
        _root = root;
        Batch = root.GetProperty("batch").GetInt32();
        Timesteps = root.GetProperty("timesteps").GetInt32();
        Features = root.GetProperty("features").GetInt32();
        Units = root.GetProperty("units").GetInt32();
        Layers = root.GetProperty("layers").GetInt32();
    }

    public string Path { get; }
    public int Batch { get; }
    public int Timesteps { get; }
    public int Features { get; }
    public int Units { get; }
    public int Layers { get; }
    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>"lstm" (files without a "cell" field), "gru" or "simple_rnn".</summary>
    public string Cell => _root.TryGetProperty("cell", out var cell) ? cell.GetString()! : "lstm";

    /// <summary>The reference files of one cell in the golden folder.</summary>
    public static GoldenCase[] LoadAll(string cell) =>
        Directory.GetFiles(Folder(), "*.json").Select(Load).Where(g => g.Cell == cell).OrderBy(g => g.Name).ToArray();

    public static GoldenCase Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return new GoldenCase(path, doc.RootElement.Clone());
    }

    public string Text(string name) => _root.GetProperty(name).GetString()!;
    public double Number(string name) => _root.GetProperty(name).GetDouble();
    public bool Flag(string name) => _root.GetProperty(name).GetBoolean();
    public float[] Array(string name) => Flatten(_root.GetProperty(name));
    public float[] LayerArray(int layer, string name) => Flatten(_root.GetProperty("layer_weights")[layer].GetProperty(name));
    public bool HasDense => _root.TryGetProperty("dense", out _);
    public float[] DenseArray(string name) => Flatten(_root.GetProperty("dense").GetProperty(name));
    public int DenseUnits => _root.GetProperty("dense").GetProperty("bias").GetArrayLength();

    /// <summary>The layer's slice (batch, units) of a (layers, batch, units) array.</summary>
    public float[] PerLayer(string name, int layer) => Array(name).AsSpan(layer * Batch * Units, Batch * Units).ToArray();

    private static float[] Flatten(JsonElement element)
    {
        var values = new List<float>();
        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Array)
                foreach (var item in e.EnumerateArray()) Walk(item);
            else values.Add(e.GetSingle());
        }
        Walk(element);
        return values.ToArray();
    }

    /// <summary>The folder named by LSTMACTORS_GOLDEN_DIR, else tests/Engine.Tests/Golden/Vectors of this repository (the folder holding LstmActors.sln).</summary>
    public static string Folder()
    {
        string? fromEnv = Environment.GetEnvironmentVariable("LSTMACTORS_GOLDEN_DIR");
        if (!string.IsNullOrEmpty(fromEnv)) return fromEnv;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "LstmActors.sln")))
                return System.IO.Path.Combine(dir.FullName, "tests", "Engine.Tests", "Golden", "Vectors");
        throw new DirectoryNotFoundException($"No folder holding LstmActors.sln above {AppContext.BaseDirectory}; set LSTMACTORS_GOLDEN_DIR.");
    }
}
