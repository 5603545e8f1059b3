using LstmActors.Silo.Configuration;
using Microsoft.Extensions.Configuration;

namespace LstmActors.Silo.Tests;

public sealed class SiloSettingsTests
{
    private static SiloSettings Settings(params string[] args) =>
        SiloSettings.From(new ConfigurationBuilder().AddCommandLine(args, SiloCommandLine.SwitchMappings.ToDictionary()).Build());

    private static SiloSettings FromValues(params (string Key, string Value)[] values) =>
        SiloSettings.From(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());

    [Fact]
    public void Command_line_switches_map_onto_the_settings()
    {
        var settings = Settings("--cluster-id", "c1", "--service-id", "s1", "--silo-port", "0", "--gateway-port", "31000",
            "--membership", "postgres:Host=db;Password=pw;Database=x", "--storage", "sqlite:/tmp/state.db", "--models", "stocks,tanks", "--persist-every", "50",
            "--anomaly-level", "0.995", "--tls-pin", "ab:CD:" + new string('0', 60));

        Assert.Equal("c1", settings.ClusterId);
        Assert.Equal("s1", settings.ServiceId);
        Assert.Equal(0, settings.SiloPort);
        Assert.Equal(31000, settings.GatewayPort);
        Assert.Equal(StoreKind.Postgres, settings.Membership.Kind);
        Assert.Equal("postgres:Host=db;Password=***;Database=x", settings.Membership.ToString());
        Assert.Equal(new StoreLocation(StoreKind.Sqlite, "/tmp/state.db"), settings.Storage);
        Assert.Equal(["stocks", "tanks"], settings.Models.Select(m => m.Name));
        Assert.Equal(50, settings.PersistEveryTicks);
        Assert.Equal(0.995f, settings.AnomalyLevel);
        Assert.Equal(["ABCD" + new string('0', 60)], settings.TlsPins);
    }

    [Fact]
    public void Defaults_are_one_silo_with_state_in_a_sqlite_file_in_the_working_directory()
    {
        var settings = Settings();

        Assert.Equal("lstmactors", settings.ClusterId);
        Assert.Equal("lstmactors", settings.ServiceId);
        Assert.Equal(StoreLocation.Localhost, settings.Membership);
        Assert.Equal(new StoreLocation(StoreKind.Sqlite, Path.Combine(Environment.CurrentDirectory, "lstmactors-silo.db")), settings.Storage);
        Assert.Null(settings.TlsCertificate);
    }

    [Theory]
    [InlineData("memory", StoreKind.Localhost)]
    [InlineData("localhost", StoreKind.Localhost)]
    [InlineData("postgres:Host=db", StoreKind.Postgres)]
    public void Membership_is_localhost_with_memory_as_its_old_name_or_postgres(string value, StoreKind kind) =>
        Assert.Equal(kind, Settings("--membership", value).Membership.Kind);

    [Fact]
    public void A_relative_sqlite_file_is_taken_from_the_working_directory() =>
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "state.db"), Settings("--storage", "sqlite:state.db").Storage.Target);

    [Theory]
    [InlineData("--membership", "mongo:x", "LstmActors:Membership: unknown membership 'mongo:x'")]
    [InlineData("--membership", "sqlite:cluster.db", "LstmActors:Membership: Orleans has no SQLite clustering; use 'postgres:<connection string>' (or 'localhost' for a single silo)")]
    [InlineData("--membership", "postgres:", "LstmActors:Membership: 'postgres:' needs a connection string")]
    [InlineData("--storage", "sqlite:", "LstmActors:Storage: 'sqlite:' needs a file path")]
    [InlineData("--storage", "localhost", "LstmActors:Storage: unknown store 'localhost'")]
    [InlineData("--gateway-port", "70000", "LstmActors:GatewayPort: '70000' is not a port number")]
    [InlineData("--persist-every", "0", "LstmActors:PersistEveryTicks: '0' is not a positive whole number")]
    [InlineData("--anomaly-level", "1", "LstmActors:AnomalyLevel: '1' is not a coverage between 0.5 and 0.99999")]
    [InlineData("--anomaly-level", "high", "LstmActors:AnomalyLevel: 'high' is not a coverage between 0.5 and 0.99999")]
    [InlineData("--models", "x=/no/such/file.lstm", "LstmActors:Models: model file '/no/such/file.lstm' for 'x' does not exist")]
    [InlineData("--tls-pin", "abc", "LstmActors:TlsPins: 'abc' is not a SHA-256 thumbprint")]
    public void Bad_settings_name_the_setting(string option, string value, string expected)
    {
        var error = Assert.Throws<SiloConfigurationException>(() => Settings(option, value));
        Assert.StartsWith(expected, error.Message);
    }

    [Theory]
    [InlineData("LstmActors:SecretFile", "/etc/lstmactors/secret")]
    [InlineData("LSTMACTORS_SECRET", "0123456789abcdef0123")]
    public void The_cluster_secret_in_any_form_is_refused_pointing_to_tls(string key, string value)
    {
        var error = Assert.Throws<SiloConfigurationException>(() => FromValues((key, value)));
        Assert.StartsWith($"{key}: the cluster secret is gone", error.Message);
        Assert.Contains("--tls-certificate", error.Message);
        Assert.Contains("--tls-ca", error.Message);
        Assert.DoesNotContain(value, error.Message);
    }

    [Theory]
    [InlineData("--secret-file", "/etc/secret")]
    [InlineData("--secret", "s3cr3t")]
    [InlineData("--secret=s3cr3t")]
    public void A_secret_switch_is_refused_pointing_to_tls_without_echoing_it(params string[] args)
    {
        var error = Assert.Throws<SiloConfigurationException>(() => SiloCommandLine.Validate(args));
        Assert.Contains("the cluster secret is gone", error.Message);
        Assert.Contains("--tls-certificate", error.Message);
        Assert.DoesNotContain("s3cr3t", error.Message);
        Assert.DoesNotContain("/etc/secret", error.Message);
    }

    [Theory]
    [InlineData("--tls-password", "hunter2")]
    [InlineData("--tls-password=hunter2")]
    public void A_tls_password_on_the_command_line_is_refused_without_echoing_it(params string[] args)
    {
        var error = Assert.Throws<SiloConfigurationException>(() => SiloCommandLine.Validate(args));
        Assert.Contains("never taken from the command line", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Fact]
    public void Unknown_switches_and_missing_values_are_usage_errors()
    {
        Assert.Contains("unknown option '--port'", Assert.Throws<SiloConfigurationException>(() => SiloCommandLine.Validate(["--port", "1"])).Message);
        Assert.Contains("--cluster-id needs a value", Assert.Throws<SiloConfigurationException>(() => SiloCommandLine.Validate(["--cluster-id"])).Message);
    }

    [Fact]
    public void Every_switch_is_in_the_help()
    {
        Assert.All(SiloCommandLine.SwitchMappings.Keys, option => Assert.Contains(option, SiloCommandLine.Help));
        Assert.DoesNotContain("--secret", SiloCommandLine.Help);
    }
}
