namespace LstmActors.Silo.Configuration;

/// <summary>Which kind of store keeps membership or grain state.</summary>
public enum StoreKind
{
    /// <summary>In this process only (a single silo, or tests).</summary>
    Memory,
    /// <summary>A SQLite file shared by the silo processes of one machine.</summary>
    Sqlite,
    /// <summary>A PostgreSQL database (a real cluster).</summary>
    Postgres,
}

/// <summary>A store as written in configuration: <c>memory</c>, <c>sqlite:&lt;file&gt;</c> or <c>postgres:&lt;connection string&gt;</c>.</summary>
public sealed record StoreLocation(StoreKind Kind, string Target)
{
    /// <summary>The in-process store.</summary>
    public static StoreLocation Memory { get; } = new(StoreKind.Memory, "");

    /// <summary>Parses <paramref name="text"/>; <paramref name="setting"/> names the setting in the error message.</summary>
    public static StoreLocation Parse(string setting, string? text)
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 0 || value.Equals("memory", StringComparison.OrdinalIgnoreCase)) return Memory;
        var colon = value.IndexOf(':');
        var scheme = colon < 0 ? value : value[..colon];
        var target = colon < 0 ? "" : value[(colon + 1)..].Trim();
        var kind = scheme.ToLowerInvariant() switch
        {
            "sqlite" => StoreKind.Sqlite,
            "postgres" or "postgresql" => StoreKind.Postgres,
            _ => throw new SiloConfigurationException($"{setting}: unknown store '{scheme}'; expected 'memory', 'sqlite:<file>' or 'postgres:<connection string>'"),
        };
        if (target.Length == 0)
            throw new SiloConfigurationException($"{setting}: '{scheme}:' needs {(kind == StoreKind.Sqlite ? "a file path" : "a connection string")} after the colon");
        return new StoreLocation(kind, target);
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        StoreKind.Memory => "memory",
        StoreKind.Sqlite => $"sqlite:{Target}",
        _ => $"postgres:{RedactedTarget()}",
    };

    // Connection strings carry passwords; logs must not.
    private string RedactedTarget() => string.Join(';', Target.Split(';').Select(part =>
        part.TrimStart().StartsWith("password", StringComparison.OrdinalIgnoreCase) ? part[..(part.IndexOf('=') + 1)] + "***" : part));
}
