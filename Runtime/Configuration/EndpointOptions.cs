using System.Net;

namespace LstmActors.Runtime.Configuration;

/// <summary>Where a silo listens (Orleans' EndpointOptions); port 0 picks a free port.</summary>
public sealed class EndpointOptions
{
    /// <summary>The address other silos and clients use to reach this silo (and the address it binds to).</summary>
    public IPAddress AdvertisedIPAddress { get; set; } = IPAddress.Loopback;

    /// <summary>Port for silo-to-silo connections.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port for client (gateway) connections.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Bind to every local address instead of the advertised one.</summary>
    public bool ListenOnAnyHostAddress { get; set; }
}
