namespace LstmActors.Silo.Configuration;

/// <summary>The silo's command-line switches, mapped onto configuration keys, and its help text.</summary>
public static class SiloCommandLine
{
    /// <summary>Switch → configuration key (the command line overrides environment and appsettings.json).</summary>
    public static IReadOnlyDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>
    {
        ["--cluster-id"] = $"{SiloSettings.Section}:ClusterId",
        ["--service-id"] = $"{SiloSettings.Section}:ServiceId",
        ["--host"] = $"{SiloSettings.Section}:Host",
        ["--silo-port"] = $"{SiloSettings.Section}:SiloPort",
        ["--gateway-port"] = $"{SiloSettings.Section}:GatewayPort",
        ["--http-port"] = $"{SiloSettings.Section}:HealthPort",
        ["--health-port"] = $"{SiloSettings.Section}:HealthPort",
        ["--http-bind"] = $"{SiloSettings.Section}:HttpBind",
        ["--http-token-file"] = $"{SiloSettings.Section}:HttpTokenFile",
        ["--membership"] = $"{SiloSettings.Section}:Membership",
        ["--storage"] = $"{SiloSettings.Section}:Storage",
        ["--tls-certificate"] = $"{SiloSettings.Section}:TlsCertificate",
        ["--tls-password-file"] = $"{SiloSettings.Section}:TlsPasswordFile",
        ["--tls-ca"] = $"{SiloSettings.Section}:TlsCaFile",
        ["--tls-pin"] = $"{SiloSettings.Section}:TlsPins",
        ["--models"] = $"{SiloSettings.Section}:Models",
        ["--persist-every"] = $"{SiloSettings.Section}:PersistEveryTicks",
        ["--anomaly-level"] = $"{SiloSettings.Section}:AnomalyLevel",
    };

    /// <summary>The help text printed by <c>--help</c>.</summary>
    public const string Help = """
        lstmactors-silo: one Orleans silo of an LstmActors cluster (series grains, model grains, step batcher, gradient worker).

        Usage: lstmactors-silo [options]

        Options (also LstmActors:<Key> in appsettings.json, or LSTMACTORS__<KEY> in the environment):
          --cluster-id <id>         cluster to join (default lstmactors)
          --service-id <id>         service the grain state belongs to (default lstmactors)
          --host <address>          address to bind and advertise (default 127.0.0.1)
          --silo-port <port>        silo-to-silo port (default 11111; 0 picks a free port)
          --gateway-port <port>     client gateway port (default 30000; 0 picks a free port)
          --http-port <port>        HTTP on this port (also --health-port): /health/live, /health/ready, /health,
                                    the live page /, the Orleans Dashboard /dashboard, Prometheus /metrics
                                    (default: none; 0 picks one)
          --http-bind <address>     address the HTTP port binds (default 127.0.0.1; 0.0.0.0 exposes it)
          --http-token-file <file>  first line: a token every HTTP request must carry (Authorization: Bearer, or
                                    ?token=), except /health/live and /health/ready; without it: 401
          --membership <store>      localhost (this silo alone) | postgres:<connection string> (default localhost)
          --storage <store>         grain state: sqlite:<file> | memory | postgres:<connection string>
                                    (default sqlite:lstmactors-silo.db in the working directory)
          --tls-certificate <file>  mutual TLS on every connection with this certificate and key (.pfx/.p12, or PEM
                                    with the key); silos and clients must present a certificate the silo accepts
          --tls-password-file <f>   file holding the certificate's password (or set LSTMACTORS_TLS_PASSWORD;
                                    never on the command line)
          --tls-ca <file>           CA certificate(s) (PEM or DER): silo and client certificates chaining to it are accepted
          --tls-pin <sha256,...>    thumbprints of further certificates to accept as they are
          --models <list>           models to serve: name[=model file from 'lstmactors fit'],...
          --persist-every <ticks>   a series writes its state every N ticks (default 1: every tick durable)
          --anomaly-level <p>       a tick outside the interval of this coverage predicted for it is an anomaly
                                    (default 0.99)
          -h, --help                show this help

        Failure detection: Orleans' ClusterMembershipOptions from the section Orleans:ClusterMembership, e.g.
        Orleans__ClusterMembership__ProbeTimeout=00:00:01 in the environment (deploy/README.md has a tight set).
        Scaling: Orleans' activation rebalancer, ActivationRebalancerOptions from Orleans:ActivationRebalancer.

        Stops cleanly on Ctrl-C or SIGTERM (grains deactivate and save their state).
        """;

    /// <summary>True when <paramref name="args"/> ask for help.</summary>
    public static bool WantsHelp(IReadOnlyList<string> args) => args.Any(a => a is "-h" or "--help" or "-?" or "/?");

    /// <summary>Throws for a switch the silo does not know, a switch without a value, a password on the command line, or the cluster secret (gone).</summary>
    public static void Validate(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var name = arg.Split('=', 2)[0];
            if (name.StartsWith("--secret", StringComparison.OrdinalIgnoreCase))
                throw SiloSettings.SecretIsGone(name);
            if (name.StartsWith("--tls-password", StringComparison.OrdinalIgnoreCase) && !name.Equals("--tls-password-file", StringComparison.OrdinalIgnoreCase))
                throw new SiloConfigurationException($"{name}: the TLS password is never taken from the command line (it would show in the process list); use --tls-password-file or {SiloSettings.TlsPasswordVariable}");
            if (!SwitchMappings.ContainsKey(name))
                throw new SiloConfigurationException($"unknown option '{arg}' (see --help)");
            if (!arg.Contains('='))
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    throw new SiloConfigurationException($"{arg} needs a value");
                i++;
            }
        }
    }
}
