using System.Net;
using System.Net.Sockets;
using LstmActors.Grains.Hosting;
using LstmActors.Silo.Configuration;
using LstmActors.Silo.Health;
using LstmActors.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Orleans.Dashboard;
using LstmActors.Silo.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.Hosting;

namespace LstmActors.Silo;

/// <summary>Builds the silo's Generic Host with Orleans from appsettings.json, the environment and the command line.</summary>
public static class SiloHostBuilder
{
    /// <summary>The configuration section Orleans' <see cref="ClusterMembershipOptions"/> (failure detection) are read from.</summary>
    public const string MembershipOptionsSection = "Orleans:ClusterMembership";

    /// <summary>The configuration section Orleans' <see cref="ActivationRebalancerOptions"/> are read from (defaults in appsettings.json).</summary>
    public const string RebalancerOptionsSection = "Orleans:ActivationRebalancer";

    /// <summary>Builds the host (a web application when the silo has an HTTP port); throws <see cref="SiloConfigurationException"/> for a bad setting or TLS file.</summary>
    public static IHost Build(string[] args)
    {
        // Shipped defaults, then the working directory's file, then the environment, then the command line.
        var configuration = new ConfigurationManager();
        configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        var local = Path.Combine(Environment.CurrentDirectory, "appsettings.json");
        if (!string.Equals(Path.GetFullPath(local), Path.Combine(AppContext.BaseDirectory, "appsettings.json"), StringComparison.Ordinal))
            configuration.AddJsonFile(local, optional: true);
        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine(args, SiloCommandLine.SwitchMappings.ToDictionary());
        var settings = SiloSettings.From(configuration);
        var web = SiloWeb.Options(settings);

        IHostApplicationBuilder builder;
        if (web is null)
        {
            builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
            {
                ApplicationName = "lstmactors-silo",
                ContentRootPath = AppContext.BaseDirectory,
                Configuration = configuration,
            });
        }
        else
        {
            var webBuilder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "lstmactors-silo", ContentRootPath = AppContext.BaseDirectory });
            webBuilder.Configuration.AddConfiguration(configuration);
            webBuilder.AddLstmActorsWeb(web);
            builder = webBuilder;
        }

        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddConsole();

        var address = ParseAddress(settings.Host);
        // Orleans advertises the ports it is given: 0 would be advertised as 0 (and a gateway port of 0 means no gateway).
        var siloPort = settings.SiloPort == 0 ? FreePort(address) : settings.SiloPort;
        var gatewayPort = settings.GatewayPort == 0 ? FreePort(address) : settings.GatewayPort;
        var tls = SiloTls.From(settings, Environment.GetEnvironmentVariable(SiloSettings.TlsPasswordVariable));
        builder.Services.AddSingleton(settings);

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = settings.ServiceId;
            });
            silo.Configure<SiloOptions>(o => o.SiloName = $"{Environment.MachineName}-{Environment.ProcessId}");
            silo.UseMembership(settings.Membership, siloPort, gatewayPort);
            silo.ConfigureEndpoints(address, siloPort, gatewayPort);
            silo.Services.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection(MembershipOptionsSection));
            silo.UseGrainStorage(settings.Storage);
            if (tls is not null)
            {
                silo.UseTls(tls.Certificate, o =>
                {
                    // Mutual: every connection in (silo or client) must show a certificate, and this silo shows its own going out.
                    o.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
                    o.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
                    // The policy checks the chain against the cluster's CA itself: the machine's store does not hold it.
                    o.RemoteCertificateValidation = (certificate, chain, _) => tls.Policy.Accepts(certificate, chain);
                });
            }
            silo.AddLstmActorsGrains(grains =>
            {
                grains.PersistEveryTicks = settings.PersistEveryTicks;
                grains.AnomalyLevel = settings.AnomalyLevel;
            });
            // Orleans places new activations but never moves old ones when a silo joins or leaves: its activation
            // rebalancer migrates series (with their in-memory state) until the silos hold even shares.
#pragma warning disable ORLEANSEXP002 // experimental in Orleans 10.4.2
            silo.AddActivationRebalancer();
#pragma warning restore ORLEANSEXP002
            silo.Services.Configure<ActivationRebalancerOptions>(builder.Configuration.GetSection(RebalancerOptionsSection));
            if (web is not null) silo.AddDashboard();
        });
        // Hosted services start in order, after the Orleans silo has started (joined the cluster), and stop before it.
        builder.Services.AddHostedService<SiloReadyReporter>();
        builder.Services.AddHostedService<ModelWarmup>();
        return builder is WebApplicationBuilder webApp ? SiloWeb.Build(webApp, web!) : ((HostApplicationBuilder)builder).Build();
    }

    private static IPAddress ParseAddress(string host) =>
        IPAddress.TryParse(host, out var address)
            ? address
            : throw new SiloConfigurationException($"{SiloSettings.Section}:Host: '{host}' is not an IP address");

    private static int FreePort(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
