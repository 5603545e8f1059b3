using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace LstmActors.Silo.Configuration;

/// <summary>Everything the silo executable is configured with (section <c>LstmActors</c>), validated.</summary>
public sealed record SiloSettings
{
    /// <summary>The configuration section the settings live in (environment: <c>LSTMACTORS__CLUSTERID</c> and so on).</summary>
    public const string Section = "LstmActors";

    /// <summary>The environment variable the old cluster secret came from; set, the silo refuses to start (TLS replaced it).</summary>
    public const string SecretVariable = "LSTMACTORS_SECRET";

    /// <summary>The environment variable the TLS certificate's PKCS#12 password can come from (never the command line).</summary>
    public const string TlsPasswordVariable = "LSTMACTORS_TLS_PASSWORD";

    /// <summary>The cluster to join; silos with the same id and membership store form one cluster.</summary>
    public string ClusterId { get; init; } = "lstmactors";

    /// <summary>The service the grain state belongs to; it outlives cluster ids (stored rows are keyed by it).</summary>
    public string ServiceId { get; init; } = "lstmactors";

    /// <summary>Address the silo binds and advertises to its peers.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Port for silo-to-silo traffic.</summary>
    public int SiloPort { get; init; } = 11111;

    /// <summary>Port external clients connect to.</summary>
    public int GatewayPort { get; init; } = 30000;

    /// <summary>The silo's HTTP port: health (<c>/health/live</c>, <c>/health/ready</c>, <c>/health</c>), the live page, <c>/dashboard</c>, <c>/metrics</c>; null: none, 0: a free port.</summary>
    public int? HealthPort { get; init; }

    /// <summary>Address the HTTP port binds: loopback unless exposed on purpose (e.g. <c>0.0.0.0</c>).</summary>
    public string HttpBind { get; init; } = "127.0.0.1";

    /// <summary>File whose first line is the token every HTTP request but the liveness and readiness probes must carry; null: no token.</summary>
    public string? HttpTokenFile { get; init; }

    /// <summary>Where membership is kept: <c>localhost</c> (this silo alone) or PostgreSQL.</summary>
    public StoreLocation Membership { get; init; } = StoreLocation.Localhost;

    /// <summary>Where grain state is kept: a SQLite file (default <c>lstmactors-silo.db</c> in the working directory), memory or PostgreSQL.</summary>
    public StoreLocation Storage { get; init; } = StoreLocation.DefaultStorage;

    /// <summary>The silo's TLS certificate with private key (PKCS#12, or PEM with the key); set, every connection uses mutual TLS.</summary>
    public string? TlsCertificate { get; init; }

    /// <summary>File holding the PKCS#12 password of <see cref="TlsCertificate"/>; without it, <see cref="TlsPasswordVariable"/> if set.</summary>
    public string? TlsPasswordFile { get; init; }

    /// <summary>CA certificate file (PEM, possibly several, or DER): a silo or client certificate chaining to it is accepted.</summary>
    public string? TlsCaFile { get; init; }

    /// <summary>SHA-256 thumbprints (hex) of further silo or client certificates to accept as they are.</summary>
    public IReadOnlyList<string> TlsPins { get; init; } = [];

    /// <summary>A series writes its state every this many ticks (1: every acknowledged tick is durable; more: faster, a crash replays up to that many).</summary>
    public int PersistEveryTicks { get; init; } = 1;

    /// <summary>Coverage of the interval outside which a tick is flagged as an anomaly (default 0.99).</summary>
    public float AnomalyLevel { get; init; } = 0.99f;

    /// <summary>Models the silo serves from the start (created with defaults if the cluster does not know them).</summary>
    public IReadOnlyList<ModelToServe> Models { get; init; } = [];

    /// <summary>Reads and validates the settings from <paramref name="configuration"/>.</summary>
    public static SiloSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        if (NonEmpty(section, "SecretFile") is not null) throw SecretIsGone($"{Section}:SecretFile");
        if (!string.IsNullOrWhiteSpace(configuration[SecretVariable])) throw SecretIsGone(SecretVariable);
        var defaults = new SiloSettings();
        return new SiloSettings
        {
            ClusterId = NonEmpty(section, nameof(ClusterId)) ?? defaults.ClusterId,
            ServiceId = NonEmpty(section, nameof(ServiceId)) ?? defaults.ServiceId,
            Host = NonEmpty(section, nameof(Host)) ?? defaults.Host,
            SiloPort = Port(section, nameof(SiloPort)) ?? defaults.SiloPort,
            GatewayPort = Port(section, nameof(GatewayPort)) ?? defaults.GatewayPort,
            HealthPort = Port(section, nameof(HealthPort)),
            HttpBind = NonEmpty(section, nameof(HttpBind)) ?? defaults.HttpBind,
            HttpTokenFile = NonEmpty(section, nameof(HttpTokenFile)),
            Membership = NonEmpty(section, nameof(Membership)) is { } membership ? StoreLocation.ParseMembership($"{Section}:{nameof(Membership)}", membership) : defaults.Membership,
            Storage = NonEmpty(section, nameof(Storage)) is { } storage ? StoreLocation.ParseStorage($"{Section}:{nameof(Storage)}", storage) : defaults.Storage,
            TlsCertificate = NonEmpty(section, nameof(TlsCertificate)),
            TlsPasswordFile = NonEmpty(section, nameof(TlsPasswordFile)),
            TlsCaFile = NonEmpty(section, nameof(TlsCaFile)),
            TlsPins = Pins(section, nameof(TlsPins)),
            PersistEveryTicks = Positive(section, nameof(PersistEveryTicks)) ?? defaults.PersistEveryTicks,
            AnomalyLevel = Level(section, nameof(AnomalyLevel)) ?? defaults.AnomalyLevel,
            Models = ModelToServe.ParseList($"{Section}:{nameof(Models)}", section[nameof(Models)]),
        };
    }

    /// <summary>The one-line error for a setting of the cluster secret, which went away with the project's own runtime.</summary>
    public static SiloConfigurationException SecretIsGone(string setting) => new(
        $"{setting}: the cluster secret is gone; silos and clients now authenticate with Orleans' mutual TLS: use --tls-certificate <certificate with key> and --tls-ca <CA certificate> ({Section}:TlsCertificate, {Section}:TlsCaFile)");

    private static string? NonEmpty(IConfigurationSection section, string key)
    {
        var value = section[key]?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static float? Level(IConfigurationSection section, string key)
    {
        var text = NonEmpty(section, key);
        if (text is null) return null;
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value is >= 0.5f and <= 0.99999f))
            throw new SiloConfigurationException($"{Section}:{key}: '{text}' is not a coverage between 0.5 and 0.99999 (e.g. 0.99)");
        return value;
    }

    private static int? Positive(IConfigurationSection section, string key)
    {
        var text = NonEmpty(section, key);
        if (text is null) return null;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            throw new SiloConfigurationException($"{Section}:{key}: '{text}' is not a positive whole number");
        return value;
    }

    private static string[] Pins(IConfigurationSection section, string key)
    {
        var pins = NonEmpty(section, key)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        var normalized = pins.Select(pin => pin.Replace(":", "", StringComparison.Ordinal).ToUpperInvariant()).ToArray();
        for (var i = 0; i < pins.Length; i++)
        {
            if (normalized[i].Length != 64 || !normalized[i].All(char.IsAsciiHexDigit))
                throw new SiloConfigurationException($"{Section}:{key}: '{pins[i]}' is not a SHA-256 thumbprint (64 hexadecimal digits)");
        }
        return normalized;
    }

    private static int? Port(IConfigurationSection section, string key)
    {
        var text = NonEmpty(section, key);
        if (text is null) return null;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
            throw new SiloConfigurationException($"{Section}:{key}: '{text}' is not a port number (0-65535)");
        return port;
    }
}
