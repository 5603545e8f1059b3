using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LstmActors.Engine.Layers;
using LstmActors.Engine.Losses;
using LstmActors.Engine.Models;
using LstmActors.Engine.Optimizers;

namespace LstmActors.Engine.Serialization;

/// <summary>
/// The model file: a zip (so also a NumPy .npz) holding <c>model.json</c> (architecture — see <see cref="ModelConfig"/> —, seed, compile settings,
/// optimizer step count), one <c>&lt;layer&gt;/&lt;weight&gt;.npy</c> per weight in Keras layout, and optionally
/// <c>optimizer/slot_&lt;k&gt;.npy</c> per optimizer slot. Described in Engine/README.md.
/// </summary>
public static class ModelFile
{
    /// <summary>Value of "format" in model.json.</summary>
    public const string Format = "lstmactors.model";

    /// <summary>Current format version.</summary>
    public const int Version = 1;

    private const string DescriptionEntry = "model.json";

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> (replaced only once fully written); optimizer slots only when <paramref name="includeOptimizer"/>.</summary>
    public static void Save(Model model, string path, bool includeOptimizer = true)
    {
        string temporary = path + ".tmp";
        using (var file = File.Create(temporary)) Save(model, file, includeOptimizer);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Writes <paramref name="model"/> as a model file into <paramref name="stream"/> (left open), e.g. to keep it as bytes.</summary>
    public static void Save(Model model, Stream stream, bool includeOptimizer = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!model.IsBuilt) throw new InvalidOperationException($"Model '{model.ModelName}' is not built, so there are no weights to save.");
        var description = new JsonObject { ["format"] = Format, ["version"] = Version };
        // A Sequential's description is as it always was; a functional model's says so.
        if (model is not Sequential) description["class_name"] = model.TypeName;
        ModelConfig.ToJson(model, description);
        var optimizer = model.Optimizer;
        if (optimizer is not null && model.Loss is not null)
        {
            var optimizerJson = new JsonObject
            {
                ["class_name"] = optimizer.Name,
                ["config"] = new JsonObject(optimizer.Config.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
                ["iterations"] = includeOptimizer ? optimizer.Iterations : 0,
            };
            if (optimizer.Schedule is not ConstantLearningRate)
                optimizerJson["config"]!["learning_rate"] = LayerConfig.Named(optimizer.Schedule.Name, optimizer.Schedule.Config);
            // The loss' arguments (Huber's delta, from_logits) sit beside its class_name.
            var lossJson = new JsonObject { ["class_name"] = model.Loss.Name };
            foreach (var (key, value) in model.Loss.Config) lossJson[key] = value;
            description["compile"] = new JsonObject { ["optimizer"] = optimizerJson, ["loss"] = lossJson };
        }

        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry(DescriptionEntry, CompressionLevel.Optimal);
            using (var entryStream = entry.Open())
                entryStream.Write(Encoding.UTF8.GetBytes(description.ToJsonString(new JsonSerializerOptions { WriteIndented = true })));
            Npz.Write(zip, WeightArrays(model));
            if (includeOptimizer && optimizer is not null)
                Npz.Write(zip, optimizer.Slots.Select((slot, k) => new NpyArray($"optimizer/slot_{k}", [slot.Length], slot)));
        }
    }

    /// <summary>Reads a model written by <see cref="Save(Model, string, bool)"/>: same layers, weights, compile settings and optimizer state.</summary>
    public static Model Load(string path)
    {
        using var file = File.OpenRead(path);
        return Load(file, path);
    }

    /// <summary>Reads a model file from <paramref name="stream"/> (left open); <paramref name="path"/> names it in errors.</summary>
    public static Model Load(Stream stream, string path)
    {
        using (var zip = Npz.Open(stream, path, "a model file"))
        {
            var entry = zip.GetEntry(DescriptionEntry) ?? throw new InvalidDataException($"{path} is not a model file: it has no {DescriptionEntry}.");
            JsonObject description;
            using (var entryStream = entry.Open())
                description = JsonNode.Parse(entryStream) as JsonObject ?? throw new InvalidDataException($"{path}: {DescriptionEntry} is not a JSON object.");
            string source = $"{path} ({DescriptionEntry})";
            string format = LayerConfig.Required<string>(description, "format", source);
            int version = LayerConfig.Required<int>(description, "version", source);
            if (format != Format || version != Version)
                throw new InvalidDataException($"{path} has format '{format}' version {version}; this engine reads '{Format}' version {Version}.");

            var model = ModelConfig.FromJson(description["class_name"]?.GetValue<string>() ?? "Sequential", description, source);

            var arrays = Npz.ReadArrays(zip);
            WeightImport.Apply(model, arrays, path);

            if (description["compile"] is JsonObject compile)
            {
                var optimizerJson = compile["optimizer"] as JsonObject ?? throw new InvalidDataException($"{source}: compile has no 'optimizer'.");
                var configJson = optimizerJson["config"] as JsonObject ?? [];
                var schedule = LayerConfig.Optional(configJson, "learning_rate", LearningRateSchedule.FromConfig, source);
                var config = configJson.Where(kv => kv.Value is JsonValue).ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<double>());
                var optimizer = Optimizer.FromConfig(LayerConfig.Required<string>(optimizerJson, "class_name", source), config, schedule);
                var lossJson = compile["loss"] as JsonObject ?? throw new InvalidDataException($"{source}: compile has no 'loss'.");
                var lossConfig = lossJson.Where(kv => kv.Key != "class_name").ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<double>());
                Loss loss = Loss.FromConfig(LayerConfig.Required<string>(lossJson, "class_name", source), lossConfig);
                var slots = arrays.Where(kv => kv.Key.StartsWith("optimizer/slot_", StringComparison.Ordinal))
                    .OrderBy(kv => int.Parse(kv.Key["optimizer/slot_".Length..], System.Globalization.CultureInfo.InvariantCulture))
                    .Select(kv => kv.Value.Data).ToArray();
                optimizer.RestoreState(LayerConfig.Required<long>(optimizerJson, "iterations", source), slots);
                model.Compile(optimizer, loss);
            }
            return model;
        }
    }

    /// <summary>Every weight of the model as a named array "&lt;layer&gt;/&lt;weight&gt;" ("&lt;model&gt;/&lt;layer&gt;/&lt;weight&gt;" inside a nested model) in Keras layout.</summary>
    public static IEnumerable<NpyArray> WeightArrays(Model model) =>
        model.WeightLayers.SelectMany(w => w.Layer.Parameters.Select(p => new NpyArray($"{w.Path}/{p.Name}", p.Shape, p.Value)));
}
