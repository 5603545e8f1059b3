using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LstmActors.Client.Cluster;

/// <summary>The command-line options that say how to reach a cluster: <c>--gateway</c>, <c>--cluster-id</c> and, where allowed, <c>--embedded</c>.</summary>
public sealed class ClusterArguments
{
    /// <summary>The gateway used when neither <c>--gateway</c> nor <c>LSTMACTORS_GATEWAY</c> is given (the silo's default).</summary>
    public const string DefaultGateway = "127.0.0.1:30000";

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

    private readonly Option<string?> _secretFile = new("--secret-file")
    {
        Description = $"File with the cluster secret (default: ${ClusterTarget.SecretVariable} if set); never on the command line itself",
        HelpName = "file",
    };

    private readonly Option<string?> _tlsCa = new("--tls-ca")
    {
        Description = "Use TLS; accept a gateway whose certificate chains to this CA certificate (PEM or DER) and names the dialled address (or --tls-host)",
        HelpName = "file",
    };

    private readonly Option<string?> _tlsPin = new("--tls-pin")
    {
        Description = "Use TLS; accept gateway certificates with these SHA-256 thumbprints (comma-separated)",
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
            command.Add(_gateway);
            command.Add(_clusterId);
            command.Add(_secretFile);
            command.Add(_tlsCa);
            command.Add(_tlsPin);
            command.Add(_tlsHost);
        }
        if (_embedded is not null) command.Add(_embedded);
        if (_silos is not null) command.Add(_silos);
    }

    /// <summary>Reads the target from a parse; a malformed gateway throws <see cref="UsageException"/>.</summary>
    public ClusterTarget Read(ParseResult parse)
    {
        var embedded = EmbeddedByDefault || (_embedded is not null && parse.GetValue(_embedded));
        if (embedded)
        {
            if (parse.GetResult(_gateway) is { Implicit: false } || parse.GetResult(_secretFile) is { Implicit: false })
                throw new UsageException("--gateway and --secret-file are for a running cluster; --embedded starts its own");
            return new ClusterTarget([], "embedded", parse.GetValue(_silos!));
        }
        var text = parse.GetValue(_gateway) ?? Environment.GetEnvironmentVariable("LSTMACTORS_GATEWAY") ?? DefaultGateway;
        var gateways = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(ParseEndpoint).ToArray();
        if (gateways.Length == 0) throw new UsageException("--gateway: no address given");
        return new ClusterTarget(gateways, parse.GetValue(_clusterId)!, 0, parse.GetValue(_secretFile), ReadTls(parse));
    }

    private ClientTls? ReadTls(ParseResult parse)
    {
        var pins = parse.GetValue(_tlsPin)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
        var ca = parse.GetValue(_tlsCa);
        var host = parse.GetValue(_tlsHost);
        if (ca is null && pins.Length == 0)
            return host is null ? null : throw new UsageException("--tls-host needs --tls-ca (the name is checked against CA-validated certificates)");
        return new ClientTls(ca, pins, host);
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
