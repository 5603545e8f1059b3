namespace LstmActors.Runtime.AdoNet.Relational;

/// <summary>One versioned schema change, embedded in the assembly as "Folder/NNNN_name.sql".</summary>
internal sealed record MigrationScript(int Version, string Name, string Sql)
{
    /// <summary>The scripts in <paramref name="folder"/>, ordered by version; versions must run 1, 2, 3, ... without gaps.</summary>
    public static IReadOnlyList<MigrationScript> Load(string folder)
    {
        var assembly = typeof(MigrationScript).Assembly;
        var scripts = new List<MigrationScript>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(folder, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
                continue;
            var name = Path.GetFileNameWithoutExtension(resource);
            var separator = name.IndexOf('_');
            if (separator <= 0 || !int.TryParse(name.AsSpan(0, separator), out var version))
                throw new InvalidOperationException($"Migration script '{resource}' must be named NNNN_name.sql (a version number, an underscore, a name).");
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            scripts.Add(new MigrationScript(version, name, reader.ReadToEnd()));
        }
        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < scripts.Count; i++)
        {
            if (scripts[i].Version != i + 1)
                throw new InvalidOperationException($"Migration scripts in '{folder}' must be numbered 1, 2, 3, ...: position {i + 1} holds '{scripts[i].Name}'.");
        }
        if (scripts.Count == 0)
            throw new InvalidOperationException($"No migration scripts found in '{folder}' among the resources of {assembly.GetName().Name}.");
        return scripts;
    }
}
