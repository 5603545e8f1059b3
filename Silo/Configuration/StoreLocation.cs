using Microsoft.Data.Sqlite;

namespace LstmActors.Silo.Configuration;

/// <summary>Which kind of store keeps membership or grain state.</summary>
public enum StoreKind
{
    /// <summary>Membership only: Orleans' development clustering, a cluster of this one silo.</summary>
    Localhost,
    /// <summary>Grain state only: in this process, lost when it stops (tests, throw-away runs).</summary>
    Memory,
    /// <summary>Grain state only: a SQLite file (Orleans' ADO.NET storage); the silos of one machine may share it.</summary>
    Sqlite,
    /// <summary>A PostgreSQL database (Orleans' ADO.NET clustering and storage): a real cluster.</summary>
    Postgres,
}

/// <summary>
/// A store as written in configuration. Membership: <c>localhost</c> (alias <c>memory</c>) or
/// <c>postgres:&lt;connection string&gt;</c>. Grain storage: <c>sqlite:&lt;file&gt;</c>, <c>memory</c> or <c>postgres:&lt;connection string&gt;</c>.
/// </summary>
public sealed record StoreLocation(StoreKind Kind, string Target)
{
    /// <summary>Orleans' development clustering (one silo).</summary>
    public static StoreLocation Localhost { get; } = new(StoreKind.Localhost, "");

    /// <summary>In-process grain storage.</summary>
    public static StoreLocation Memory { get; } = new(StoreKind.Memory, "");

    /// <summary>The default grain storage: <c>lstmactors-silo.db</c> in the working directory.</summary>
    public static StoreLocation DefaultStorage => new(StoreKind.Sqlite, Path.GetFullPath("lstmactors-silo.db"));

    /// <summary>Parses a membership setting; <paramref name="setting"/> names it in the error message.</summary>
    public static StoreLocation ParseMembership(string setting, string text)
    {
        var (scheme, target) = Split(text);
        return scheme switch
        {
            "localhost" or "memory" when target.Length == 0 => Localhost,
            "postgres" or "postgresql" => new StoreLocation(StoreKind.Postgres, Required(setting, scheme, target, "a connection string")),
            "sqlite" => throw new SiloConfigurationException($"{setting}: Orleans has no SQLite clustering; use 'postgres:<connection string>' (or 'localhost' for a single silo)"),
            _ => throw new SiloConfigurationException($"{setting}: unknown membership '{text.Trim()}'; expected 'localhost' or 'postgres:<connection string>'"),
        };
    }

    /// <summary>Parses a grain storage setting (a relative SQLite file is taken from the working directory); <paramref name="setting"/> names it in the error message.</summary>
    public static StoreLocation ParseStorage(string setting, string text)
    {
        var (scheme, target) = Split(text);
        return scheme switch
        {
            "memory" when target.Length == 0 => Memory,
            "sqlite" => new StoreLocation(StoreKind.Sqlite, Path.GetFullPath(Required(setting, scheme, target, "a file path"))),
            "postgres" or "postgresql" => new StoreLocation(StoreKind.Postgres, Required(setting, scheme, target, "a connection string")),
            _ => throw new SiloConfigurationException($"{setting}: unknown store '{text.Trim()}'; expected 'sqlite:<file>', 'memory' or 'postgres:<connection string>'"),
        };
    }

    /// <summary>The ADO.NET connection string Orleans and <c>OrleansSchema</c> use (SQLite and PostgreSQL only).</summary>
    public string ConnectionString => Kind switch
    {
        StoreKind.Sqlite => new SqliteConnectionStringBuilder
        {
            DataSource = Target,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Seconds a statement waits for another silo's write lock on the shared file.
            DefaultTimeout = 30,
        }.ConnectionString,
        StoreKind.Postgres => Target,
        _ => throw new InvalidOperationException($"'{this}' has no connection string."),
    };

    private static (string Scheme, string Target) Split(string text)
    {
        var value = text.Trim();
        var colon = value.IndexOf(':');
        return colon < 0 ? (value.ToLowerInvariant(), "") : (value[..colon].ToLowerInvariant(), value[(colon + 1)..].Trim());
    }

    private static string Required(string setting, string scheme, string target, string what) =>
        target.Length > 0 ? target : throw new SiloConfigurationException($"{setting}: '{scheme}:' needs {what} after the colon");

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        StoreKind.Localhost => "localhost",
        StoreKind.Memory => "memory",
        StoreKind.Sqlite => $"sqlite:{Target}",
        _ => $"postgres:{RedactedTarget()}",
    };

    // Connection strings carry passwords; logs must not.
    private string RedactedTarget() => string.Join(';', Target.Split(';').Select(part =>
        part.TrimStart().StartsWith("password", StringComparison.OrdinalIgnoreCase) ? part[..(part.IndexOf('=') + 1)] + "***" : part));
}
