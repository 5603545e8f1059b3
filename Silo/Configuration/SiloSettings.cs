using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace LstmActors.Silo.Configuration;

/// <summary>Everything the silo executable is configured with (section <c>LstmActors</c>), validated.</summary>
public sealed record SiloSettings
{
    /// <summary>The configuration section the settings live in (environment: <c>LSTMACTORS__CLUSTERID</c> and so on).</summary>
    public const string Section = "LstmActors";

    /// <summary>The environment variable the cluster secret can come from (never the command line).</summary>
    public const string SecretVariable = "LSTMACTORS_SECRET";

    /// <summary>The environment variable the TLS certificate's PKCS#12 password can come from (never the command line).</summary>
    public const string TlsPasswordVariable = "LSTMACTORS_TLS_PASSWORD";

    /// <summary>The cluster to join; silos with the same id and membership store form one cluster.</summary>
    public string ClusterId { get; init; } = "lstmactors";

    /// <summary>Address the silo binds and advertises to its peers.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Port for silo-to-silo traffic.</summary>
    public int SiloPort { get; init; } = 11111;

    /// <summary>Port external clients connect to.</summary>
    public int GatewayPort { get; init; } = 30000;

    /// <summary>Port of the HTTP health endpoint (<c>/health/live</c>, <c>/health/ready</c>, <c>/health</c>); null: no endpoint, 0: a free port.</summary>
    public int? HealthPort { get; init; }

    /// <summary>Where membership is kept.</summary>
    public StoreLocation Membership { get; init; } = StoreLocation.Memory;

    /// <summary>Where grain state is kept.</summary>
    public StoreLocation Storage { get; init; } = StoreLocation.Memory;

    /// <summary>File holding the cluster secret; without it, <see cref="SecretVariable"/> if set; without both, connections are not authenticated.</summary>
    public string? SecretFile { get; init; }

    /// <summary>The silo's TLS certificate with private key (PKCS#12 or PEM); set, every connection uses TLS.</summary>
    public string? TlsCertificate { get; init; }

    /// <summary>File holding the PKCS#12 password of <see cref="TlsCertificate"/>; without it, <see cref="TlsPasswordVariable"/> if set.</summary>
    public string? TlsPasswordFile { get; init; }

    /// <summary>CA certificate file (PEM or DER): a peer silo's certificate chaining to it and naming its advertised address is accepted.</summary>
    public string? TlsCaFile { get; init; }

    /// <summary>SHA-256 thumbprints of further peer certificates to accept.</summary>
    public IReadOnlyList<string> TlsPins { get; init; } = [];

    /// <summary>A series writes its state every this many ticks (1: every acknowledged tick is durable; more: faster, a crash replays up to that many).</summary>
    public int PersistEveryTicks { get; init; } = 1;

    /// <summary>Models the silo serves from the start (created with defaults if the cluster does not know them).</summary>
    public IReadOnlyList<ModelToServe> Models { get; init; } = [];

    /// <summary>Reads and validates the settings from <paramref name="configuration"/>.</summary>
    public static SiloSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var defaults = new SiloSettings();
        return new SiloSettings
        {
            ClusterId = NonEmpty(section, nameof(ClusterId)) ?? defaults.ClusterId,
            Host = NonEmpty(section, nameof(Host)) ?? defaults.Host,
            SiloPort = Port(section, nameof(SiloPort)) ?? defaults.SiloPort,
            GatewayPort = Port(section, nameof(GatewayPort)) ?? defaults.GatewayPort,
            HealthPort = Port(section, nameof(HealthPort)),
            Membership = StoreLocation.Parse($"{Section}:{nameof(Membership)}", section[nameof(Membership)]),
            Storage = StoreLocation.Parse($"{Section}:{nameof(Storage)}", section[nameof(Storage)]),
            SecretFile = NonEmpty(section, nameof(SecretFile)),
            TlsCertificate = NonEmpty(section, nameof(TlsCertificate)),
            TlsPasswordFile = NonEmpty(section, nameof(TlsPasswordFile)),
            TlsCaFile = NonEmpty(section, nameof(TlsCaFile)),
            TlsPins = NonEmpty(section, nameof(TlsPins))?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
            PersistEveryTicks = Positive(section, nameof(PersistEveryTicks)) ?? defaults.PersistEveryTicks,
            Models = ModelToServe.ParseList($"{Section}:{nameof(Models)}", section[nameof(Models)]),
        };
    }

    private static string? NonEmpty(IConfigurationSection section, string key)
    {
        var value = section[key]?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static int? Positive(IConfigurationSection section, string key)
    {
        var text = NonEmpty(section, key);
        if (text is null) return null;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            throw new SiloConfigurationException($"{Section}:{key}: '{text}' is not a positive whole number");
        return value;
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
