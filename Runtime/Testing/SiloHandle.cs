using System.Net;
using LstmActors.Runtime.Membership;
using LstmActors.Runtime.Silos;
using Microsoft.Extensions.Hosting;

namespace LstmActors.Runtime.Testing;

/// <summary>One silo of a <see cref="TestCluster"/>: its address, endpoints, services and hosted grain factory.</summary>
public sealed class SiloHandle
{
    internal SiloHandle(string name, IHost host, Silo silo)
    {
        Name = name;
        Host = host;
        Silo = silo;
    }

    internal IHost Host { get; }

    internal Silo Silo { get; }

    /// <summary>Name given by the cluster (silo-0, silo-1, ...).</summary>
    public string Name { get; }

    /// <summary>The silo's identity (endpoint and generation).</summary>
    public SiloAddress SiloAddress => Silo.Self;

    /// <summary>The silo-to-silo endpoint.</summary>
    public IPEndPoint SiloEndpoint => new(IPAddress.Parse(Silo.Self.Host), Silo.Self.Port);

    /// <summary>The client gateway endpoint.</summary>
    public IPEndPoint GatewayEndpoint => Silo.GatewayEndpoint;

    /// <summary>The silo host's services.</summary>
    public IServiceProvider Services => Host.Services;

    /// <summary>Grain factory of the silo's hosted client (calls made from inside this silo).</summary>
    public IGrainFactory GrainFactory => Silo.GrainFactory;

    /// <summary>False once stopped or killed.</summary>
    public bool IsActive => Silo.IsRunning;

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Silo.Self})";
}
