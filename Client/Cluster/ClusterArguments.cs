using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LstmActors.Client.Cluster;

/// <summary>The command-line options that say how to reach a cluster: <c>--gateway</c>, <c>--cluster-id</c>, the TLS files and, where allowed, <c>--embedded</c>.</summary>
public sealed class ClusterArguments
{
    /// <summary>The gateway used when neither <c>--gateway</c> nor <c>LSTMACTORS_GATEWAY</c> is given (the silo's default).</summary>
    public const string DefaultGateway = "127.0.0.1:30000";

    /// <summary>The environment variable a PKCS#12 or encrypted-key password comes from when no <c>--tls-password-file</c> is given (as for the silo).</summary>
    public const string TlsPasswordVariable = "LSTMACTORS_TLS_PASSWORD";

    /// <summary>The environment variable that held the cluster secret before TLS replaced it.</summary>
    public const string SecretVariable = "LSTMACTORS_SECRET";

    private const string PostgresPrefix = "postgres:";

    private readonly Option<string> _gateway = new("--gateway", "-g")
    {
        Description = $"Gateway of a running cluster, host:port (several: comma-separated); default $LSTMACTORS_GATEWAY or {DefaultGateway}",
        HelpName = "host:port",
    };

    private readonly Option<string> _clusterId = new("--cluster-id")
    {
        Description = "Cluster id the silos were started with",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("LSTMACTORS_CLUSTER_ID") ?? "lstmactors",
    };

    private readonly Option<string?> _membership = new("--membership")
    {
        Description = "Find the gateways in the cluster's membership table instead of --gateway: postgres:<connection string>",
        HelpName = "postgres:<connection string>",
    };

    // Kept only to say what replaced it.
    private readonly Option<string?> _secretFile = new("--secret-file") { Hidden = true };

    private readonly Option<string?> _tlsCertificate = new("--tls-certificate")
    {
        Description = "Use mutual TLS with this client certificate and its key (PEM holding both, or PKCS#12 .pfx/.p12)",
        HelpName = "file",
    };

    private readonly Option<string?> _tlsPasswordFile = new("--tls-password-file")
    {
        Description = $"File whose first line is the password of --tls-certificate (default: ${TlsPasswordVariable} if set); never on the command line itself",
        HelpName = "file",
    };

    private readonly Option<string?> _tlsCa = new("--tls-ca")
    {
        Description = "Accept a gateway whose certificate chains to this CA certificate (PEM or DER) and names the dialled address (or --tls-host)",
        HelpName = "file",
    };

    private readonly Option<string?> _tlsPin = new("--tls-pin")
    {
        Description = "Accept gateway certificates with these SHA-256 thumbprints (comma-separated)",
        HelpName = "sha256,...",
    };

    private readonly Option<string?> _tlsHost = new("--tls-host")
    {
        Description = "Name a CA-validated gateway certificate must carry (default: the gateway address dialled)",
        HelpName = "name",
    };

    private readonly Option<bool>? _embedded;
    private readonly Option<int>? _silos;

    private ClusterArguments(bool allowEmbedded, bool embeddedByDefault)
    {
        if (!allowEmbedded) return;
        if (!embeddedByDefault)
            _embedded = new Option<bool>("--embedded") { Description = "Start a cluster in this process instead of connecting to a gateway" };
        _silos = new Option<int>("--silos")
        {
            Description = "Silos of the embedded cluster",
            DefaultValueFactory = _ => 1,
        };
        _silos.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 16) r.AddError("--silos must be between 1 and 16");
        });
        EmbeddedByDefault = embeddedByDefault;
    }

    private bool EmbeddedByDefault { get; }

    private IEnumerable<Option> RunningClusterOptions => [_gateway, _membership, _clusterId, _secretFile, _tlsCertificate, _tlsPasswordFile, _tlsCa, _tlsPin, _tlsHost];

    /// <summary>Options for commands that talk to a running cluster only.</summary>
    public static ClusterArguments GatewayOnly() => new(allowEmbedded: false, embeddedByDefault: false);

    /// <summary>Options for commands that can also start an embedded cluster (<c>--embedded</c>, <c>--silos</c>).</summary>
    public static ClusterArguments GatewayOrEmbedded() => new(allowEmbedded: true, embeddedByDefault: false);

    /// <summary>Options for commands that always run an embedded cluster (<c>--silos</c> only).</summary>
    public static ClusterArguments EmbeddedOnly() => new(allowEmbedded: true, embeddedByDefault: true);

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        if (!EmbeddedByDefault)
        {
            foreach (var option in RunningClusterOptions) command.Add(option);
        }
        if (_embedded is not null) command.Add(_embedded);
        if (_silos is not null) command.Add(_silos);
    }

    /// <summary>Reads the target from a parse; a malformed or contradictory option throws <see cref="UsageException"/>.</summary>
    public ClusterTarget Read(ParseResult parse)
    {
        if (!EmbeddedByDefault && parse.GetResult(_secretFile) is { Implicit: false }) throw SecretIsGone("--secret-file");
        var embedded = EmbeddedByDefault || (_embedded is not null && parse.GetValue(_embedded));
        if (embedded)
        {
            if (!EmbeddedByDefault && RunningClusterOptions.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false }) is { } given)
                throw new UsageException($"{given.Name} is for a running cluster; --embedded starts its own");
            return new ClusterTarget([], "embedded", parse.GetValue(_silos!));
        }
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(SecretVariable))) throw SecretIsGone(SecretVariable);
        if (parse.GetValue(_membership) is { } membership)
        {
            if (parse.GetResult(_gateway) is { Implicit: false }) throw new UsageException("--membership and --gateway are alternatives: give one");
            if (!membership.StartsWith(PostgresPrefix, StringComparison.OrdinalIgnoreCase) || membership.Length == PostgresPrefix.Length)
                throw new UsageException("--membership: expected postgres:<connection string>");
            return new ClusterTarget([], parse.GetValue(_clusterId)!, 0, ReadTls(parse), membership[PostgresPrefix.Length..]);
        }
        var text = parse.GetValue(_gateway) ?? Environment.GetEnvironmentVariable("LSTMACTORS_GATEWAY") ?? DefaultGateway;
        var gateways = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(ParseEndpoint).ToArray();
        if (gateways.Length == 0) throw new UsageException("--gateway: no address given");
        return new ClusterTarget(gateways, parse.GetValue(_clusterId)!, 0, ReadTls(parse));
    }

    private static UsageException SecretIsGone(string setting) => new(
        $"{setting}: the cluster secret is gone; silos and clients now authenticate with mutual TLS: use --tls-certificate <client certificate with key> and --tls-ca <CA certificate> (deploy/local/start.sh prints both)");

    private ClientTls? ReadTls(ParseResult parse)
    {
        var pins = parse.GetValue(_tlsPin)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Thumbprint).ToArray() ?? [];
        var ca = parse.GetValue(_tlsCa);
        var host = parse.GetValue(_tlsHost);
        var certificate = parse.GetValue(_tlsCertificate);
        var passwordFile = parse.GetValue(_tlsPasswordFile);
        if (host is not null && ca is null)
            throw new UsageException("--tls-host needs --tls-ca (the name is checked against CA-validated certificates)");
        if (certificate is null)
        {
            if (ca is not null || pins.Length > 0)
                throw new UsageException($"{(ca is not null ? "--tls-ca" : "--tls-pin")} needs --tls-certificate: the silos accept only clients that present a certificate (mutual TLS)");
            if (passwordFile is not null) throw new UsageException("--tls-password-file needs --tls-certificate (it is that file's password)");
            return null;
        }
        return new ClientTls(certificate, ReadPassword(passwordFile), ca, pins, host);
    }

    private static (string, string)? ReadPassword(string? file)
    {
        if (file is null)
        {
            var variable = Environment.GetEnvironmentVariable(TlsPasswordVariable);
            return string.IsNullOrEmpty(variable) ? null : (variable, $"the password from ${TlsPasswordVariable}");
        }
        try
        {
            return (File.ReadLines(file).FirstOrDefault()?.TrimEnd('\r') ?? "", $"the password from '{file}'");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"--tls-password-file: cannot read '{file}': {e.Message}");
        }
    }

    /// <summary>A SHA-256 thumbprint as upper-case hexadecimal; separators (':', spaces) are dropped.</summary>
    private static string Thumbprint(string text)
    {
        var hex = text.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        return hex.Length == 64 && hex.All(char.IsAsciiHexDigit) ? hex
            : throw new InputException($"--tls-pin: '{text}' is not a SHA-256 thumbprint (64 hexadecimal digits)");
    }

    /// <summary>Parses <c>host:port</c> (a name is resolved to its first IPv4 or IPv6 address).</summary>
    public static IPEndPoint ParseEndpoint(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            throw new UsageException($"--gateway: '{text}' is not host:port");
        var host = text[..colon].Trim('[', ']');
        if (IPAddress.TryParse(host, out var address)) return new IPEndPoint(address, port);
        try
        {
            var addresses = Dns.GetHostAddresses(host);
            var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
                ?? throw new ClusterUnreachableException($"cannot reach gateway {text}: the name has no address");
            return new IPEndPoint(chosen, port);
        }
        catch (SocketException e)
        {
            throw new ClusterUnreachableException($"cannot reach gateway {text}: {e.Message}", e);
        }
    }
}
