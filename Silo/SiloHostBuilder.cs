using LstmActors.Grains.Hosting;
using LstmActors.Runtime.Configuration;
using LstmActors.Runtime.Hosting;
using LstmActors.Silo.Configuration;
using LstmActors.Silo.Health;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LstmActors.Silo;

/// <summary>Builds the silo's Generic Host from appsettings.json, the environment and the command line.</summary>
public static class SiloHostBuilder
{
    /// <summary>Builds the host; throws <see cref="SiloConfigurationException"/> for a bad setting.</summary>
    public static IHost Build(string[] args)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = "lstmactors-silo",
            ContentRootPath = AppContext.BaseDirectory,
        });

        // Shipped defaults, then the working directory's file, then the environment, then the command line.
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        var local = Path.Combine(Environment.CurrentDirectory, "appsettings.json");
        if (!string.Equals(Path.GetFullPath(local), Path.Combine(AppContext.BaseDirectory, "appsettings.json"), StringComparison.Ordinal))
            builder.Configuration.AddJsonFile(local, optional: true);
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args, SiloCommandLine.SwitchMappings.ToDictionary());

        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddConsole();

        var settings = SiloSettings.From(builder.Configuration);
        var siloName = $"{Environment.MachineName}-{Environment.ProcessId}";
        var address = ParseAddress(settings.Host);
        builder.Services.AddSingleton(settings);
        var secretSource = SecretSource(settings);
        builder.Services.AddSingleton(new SiloIdentity(siloName, secretSource));

        builder.UseLstmActors(silo =>
        {
            silo.Configure<ClusterOptions>(o => o.ClusterId = settings.ClusterId);
            silo.Configure<SiloOptions>(o => o.SiloName = siloName);
            silo.ConfigureEndpoints(settings.SiloPort, settings.GatewayPort, address);
            silo.UseMembership(settings.Membership);
            silo.UseGrainStorage(settings.Storage);
            UseSecret(silo, settings);
            UseTls(silo, settings);
            silo.AddLstmActorsGrains(grains => grains.PersistEveryTicks = settings.PersistEveryTicks);
        });
        builder.Services.AddHostedService<SiloReadyReporter>();
        if (settings.HealthPort is int healthPort) builder.AddSiloHealthEndpoint(address, healthPort);
        builder.Services.AddHostedService<ModelWarmup>();
        return builder.Build();
    }

    private static string? SecretSource(SiloSettings settings) =>
        settings.SecretFile is { } file ? $"file {file}"
        : string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(SiloSettings.SecretVariable)) ? null
        : $"environment variable {SiloSettings.SecretVariable}";

    // The runtime reads and checks the secret (size, file present); its complaint becomes one line naming the setting.
    private static void UseSecret(ISiloBuilder silo, SiloSettings settings)
    {
        try
        {
            if (settings.SecretFile is { } file) silo.UseClusterSecretFile(file);
            else if (SecretSource(settings) is not null) silo.UseClusterSecretFromEnvironment(SiloSettings.SecretVariable);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            throw new SiloConfigurationException($"{SiloSettings.Section}:SecretFile: {e.Message}");
        }
    }

    // The runtime reads every TLS file when the silo starts; a bad one stops it with a message naming the file.
    private static void UseTls(ISiloBuilder silo, SiloSettings settings)
    {
        if (settings.TlsCertificate is not { } certificate)
        {
            if (settings.TlsCaFile is not null || settings.TlsPins.Count > 0 || settings.TlsPasswordFile is not null)
                throw new SiloConfigurationException($"{SiloSettings.Section}:TlsCertificate: TlsCaFile, TlsPins and TlsPasswordFile need a TLS certificate to serve");
            return;
        }
        silo.UseTls(o =>
        {
            o.CertificatePath = certificate;
            o.CertificatePasswordFile = settings.TlsPasswordFile;
            if (settings.TlsPasswordFile is null && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(SiloSettings.TlsPasswordVariable)))
                o.CertificatePasswordVariable = SiloSettings.TlsPasswordVariable;
            o.CertificateAuthorityPath = settings.TlsCaFile;
            o.PinnedThumbprints.AddRange(settings.TlsPins);
        });
    }

    private static System.Net.IPAddress ParseAddress(string host) =>
        System.Net.IPAddress.TryParse(host, out var address)
            ? address
            : throw new SiloConfigurationException($"{SiloSettings.Section}:Host: '{host}' is not an IP address");
}
