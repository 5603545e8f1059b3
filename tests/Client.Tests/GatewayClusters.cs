using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using LstmActors.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Orleans.Connections.Security;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace LstmActors.Client.Tests;

/// <summary>
/// Orleans test clusters the command line reaches through a gateway: real sockets, memory grain storage, the LstmActors
/// grains, and on request mutual TLS with a certificate signed by a test CA (Orleans' TestingHost builds silos and its
/// own client from configurator types, so the certificate files travel as cluster properties).
/// </summary>
internal static class GatewayClusters
{
    private const string CertificateKey = "ClientTests:TlsCertificate";
    private const string CaKey = "ClientTests:TlsCa";

    /// <summary>Starts <paramref name="silos"/> silos; with <paramref name="tls"/> (a PKCS#12 certificate and its CA's PEM file) every connection is mutual TLS.</summary>
    public static async Task<TestCluster> StartAsync(int silos, (string CertificateFile, string CaFile)? tls = null)
    {
        var builder = new TestClusterBuilder((short)silos);
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Options.ConfigureFileLogging = false;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        if (tls is var (certificate, ca))
        {
            builder.Properties[CertificateKey] = certificate;
            builder.Properties[CaKey] = ca;
            builder.AddClientBuilderConfigurator<ClientConfigurator>();
        }
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>The options that reach the cluster through its first silo's gateway.</summary>
    public static string[] GatewayArgs(this TestCluster cluster) =>
        ["--gateway", cluster.Primary!.GatewayAddress.Endpoint.ToString(), "--cluster-id", cluster.Options.ClusterId];

    private static void Configure(TlsOptions tls, IConfiguration configuration)
    {
        var authority = X509CertificateLoader.LoadCertificateFromFile(configuration[CaKey]!);
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.RemoteCertificateValidation = (certificate, _, errors) =>
        {
            if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(authority);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(certificate);
        };
    }

    private static X509Certificate2 Certificate(IConfiguration configuration) => X509CertificateLoader.LoadPkcs12FromFile(configuration[CertificateKey]!, null);

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddMemoryGrainStorageAsDefault();
            silo.AddLstmActorsGrains();
            if (silo.Configuration[CertificateKey] is not null)
                silo.UseTls(Certificate(silo.Configuration), tls => GatewayClusters.Configure(tls, silo.Configuration));
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder client) =>
            client.UseTls(Certificate(configuration), tls => GatewayClusters.Configure(tls, configuration));
    }
}
