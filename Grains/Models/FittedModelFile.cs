using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using LstmActors.Engine.Serialization;
using LstmActors.Grains.Training;

namespace LstmActors.Grains.Models;

/// <summary>
/// A model trained by <c>lstmactors fit</c>: its definition and weights in one file (a zip holding
/// <c>definition.json</c> and the engine's model file <c>network.lstm</c>), which a cluster installs as the model's
/// starting weights.
/// </summary>
public sealed record FittedModelFile(ModelDefinition Definition, float[] Weights)
{
    private const string DefinitionEntry = "definition.json";
    private const string NetworkEntry = "network.lstm";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    /// <summary>Writes the file (replaced only once fully written).</summary>
    public void Save(string path)
    {
        var network = ModelNetwork.Build(Definition, 1);
        network.SetWeights(Weights);
        var temporary = path + ".tmp";
        try
        {
            using (var file = File.Create(temporary))
            using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
            {
                using (var entry = zip.CreateEntry(DefinitionEntry).Open()) JsonSerializer.Serialize(entry, Definition, Json);
                using var networkStream = zip.CreateEntry(NetworkEntry).Open();
                using var buffer = new MemoryStream();
                ModelFile.Save(network, buffer, includeOptimizer: false);
                buffer.Position = 0;
                buffer.CopyTo(networkStream);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException($"{path}: cannot write the model file ({e.Message})", e);
        }
    }

    /// <summary>Reads a file written by <see cref="Save"/>; a missing or malformed file is a <see cref="ModelFileException"/> naming it.</summary>
    public static FittedModelFile Load(string path)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var definitionEntry = zip.GetEntry(DefinitionEntry) ?? throw new InvalidDataException($"it has no {DefinitionEntry}; is it a file from 'lstmactors fit'?");
            var networkEntry = zip.GetEntry(NetworkEntry) ?? throw new InvalidDataException($"it has no {NetworkEntry}");
            ModelDefinition definition;
            using (var stream = definitionEntry.Open())
                definition = (JsonSerializer.Deserialize<ModelDefinition>(stream, Json) ?? throw new InvalidDataException($"{DefinitionEntry} is empty")).Validate();
            using var buffer = new MemoryStream();
            using (var stream = networkEntry.Open()) stream.CopyTo(buffer);
            buffer.Position = 0;
            var weights = ModelFile.Load(buffer, $"{path} ({NetworkEntry})").GetWeights();
            var expected = ModelNetwork.InitialWeights(definition).Length;
            if (weights.Length != expected)
                throw new InvalidDataException($"the network has {weights.Length} weights, model '{definition.Name}' as defined needs {expected}");
            return new FittedModelFile(definition, weights);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or JsonException or ArgumentException)
        {
            throw new ModelFileException($"{path}: not a usable model file ({e.Message})", e);
        }
    }

    /// <summary>The file's definition under another model name (its series kind follows the name).</summary>
    public ModelDefinition Named(string? name) =>
        name is null || name == Definition.Name ? Definition : Definition with { Name = name, SeriesKind = name };

    /// <summary>
    /// Defines the model as <paramref name="definition"/> (the file's, possibly renamed or with other training settings)
    /// — or checks an existing model has its shape — and installs the weights as a new version.
    /// </summary>
    public async Task<ModelVersion> InstallAsync(IGrainFactory grains, ModelDefinition definition)
    {
        var grain = grains.GetGrain<IModelGrain>(definition.Name);
        await grain.Define(definition);
        return await grain.SetWeights(Weights);
    }
}
