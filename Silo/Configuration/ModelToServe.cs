namespace LstmActors.Silo.Configuration;

/// <summary>A model the silo serves: its name and, optionally, a model file (from <c>lstmactors fit</c>) with its starting weights.</summary>
public sealed record ModelToServe(string Name, string? WeightsFile)
{
    /// <summary>Parses <c>name[=file],name[=file]...</c>; <paramref name="setting"/> names the setting in errors.</summary>
    public static IReadOnlyList<ModelToServe> ParseList(string setting, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var models = new List<ModelToServe>();
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = item.IndexOf('=');
            var name = (equals < 0 ? item : item[..equals]).Trim();
            var file = equals < 0 ? null : item[(equals + 1)..].Trim();
            if (name.Length == 0) throw new SiloConfigurationException($"{setting}: '{item}' has no model name before '='");
            if (file is { Length: 0 }) throw new SiloConfigurationException($"{setting}: '{item}' has no file after '='");
            if (file is not null && !File.Exists(file)) throw new SiloConfigurationException($"{setting}: model file '{file}' for '{name}' does not exist");
            if (models.Any(m => m.Name == name)) throw new SiloConfigurationException($"{setting}: model '{name}' is named twice");
            models.Add(new ModelToServe(name, file));
        }
        return models;
    }
}
