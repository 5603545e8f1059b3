using LstmActors.Silo;
using LstmActors.Silo.Configuration;
using Microsoft.Extensions.Configuration;

namespace LstmActors.Client.Tests;

public sealed class SiloSettingsTests
{
    private static SiloSettings Settings(params string[] args) =>
        SiloSettings.From(new ConfigurationBuilder().AddCommandLine(args, SiloCommandLine.SwitchMappings.ToDictionary()).Build());

    [Fact]
    public void Command_line_switches_map_onto_the_settings()
    {
        var settings = Settings("--cluster-id", "c1", "--silo-port", "0", "--gateway-port", "31000",
            "--membership", "sqlite:/tmp/m.db", "--storage", "postgres:Host=db;Password=pw;Database=x", "--models", "stocks,tanks", "--persist-every", "50");

        Assert.Equal("c1", settings.ClusterId);
        Assert.Equal(0, settings.SiloPort);
        Assert.Equal(31000, settings.GatewayPort);
        Assert.Equal(new StoreLocation(StoreKind.Sqlite, "/tmp/m.db"), settings.Membership);
        Assert.Equal(StoreKind.Postgres, settings.Storage.Kind);
        Assert.Equal("postgres:Host=db;Password=***;Database=x", settings.Storage.ToString());
        Assert.Equal(["stocks", "tanks"], settings.Models.Select(m => m.Name));
        Assert.Equal(50, settings.PersistEveryTicks);
    }

    [Theory]
    [InlineData("--membership", "mongo:x", "LstmActors:Membership: unknown store 'mongo'")]
    [InlineData("--storage", "sqlite:", "LstmActors:Storage: 'sqlite:' needs a file path")]
    [InlineData("--gateway-port", "70000", "LstmActors:GatewayPort: '70000' is not a port number")]
    [InlineData("--persist-every", "0", "LstmActors:PersistEveryTicks: '0' is not a positive whole number")]
    [InlineData("--models", "x=/no/such/file.lstm", "LstmActors:Models: model file '/no/such/file.lstm' for 'x' does not exist")]
    public void Bad_settings_name_the_setting(string option, string value, string expected)
    {
        var error = Assert.Throws<SiloConfigurationException>(() => Settings(option, value));
        Assert.StartsWith(expected, error.Message);
    }

    [Theory]
    [InlineData("--secret", "s3cr3t")]
    [InlineData("--secret=s3cr3t")]
    public void A_secret_on_the_command_line_is_refused_without_echoing_it(params string[] args)
    {
        var error = Assert.Throws<SiloConfigurationException>(() => SiloCommandLine.Validate(args));
        Assert.Contains("never taken from the command line", error.Message);
        Assert.DoesNotContain("s3cr3t", error.Message);
    }

    [Fact]
    public void Unknown_switches_and_missing_values_are_usage_errors()
    {
        Assert.Contains("unknown option '--port'", Assert.Throws<SiloConfigurationException>(() => SiloCommandLine.Validate(["--port", "1"])).Message);
        Assert.Contains("--cluster-id needs a value", Assert.Throws<SiloConfigurationException>(() => SiloCommandLine.Validate(["--cluster-id"])).Message);
    }

    [Fact]
    public void A_missing_or_short_secret_file_stops_the_silo_before_it_starts_naming_the_setting()
    {
        using var folder = new TempFolder();
        var absent = Assert.Throws<SiloConfigurationException>(() => SiloHostBuilder.Build(["--secret-file", folder.File("absent")]));
        Assert.StartsWith("LstmActors:SecretFile:", absent.Message);
        Assert.Contains("does not exist", absent.Message);

        var shortSecret = folder.Write("short", "tiny\n");
        var tooShort = Assert.Throws<SiloConfigurationException>(() => SiloHostBuilder.Build(["--secret-file", shortSecret]));
        Assert.Contains("at least 16", tooShort.Message);
    }
}
